-- macro category(x, keys, vals): the canonical value of a categorical field from any accepted spelling; null when unknown or empty
create or replace temp macro category(x, keys, vals) as
    case when token(x) is null or token(x) = '' then null else vals[list_position(keys, token(x))] end
