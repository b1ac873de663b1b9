-- macro known_id(x): an identifier as given, or null when blank or a placeholder for "no identity" ("anonymous", as Microsoft Forms writes)
create or replace temp macro known_id(x) as
    case when token(x) in ('anonymous', 'anonym', 'anonyme', 'anonimo', 'anonymous_user') then null else clean(x) end
