-- macro plain_id(x): true when an id cannot be an address or a name (letters, digits, '_', '.', '-' only): the quick path
create or replace temp macro plain_id(x) as
    regexp_full_match(coalesce(id_clean(x), ''), '[A-Za-z0-9_.-]*')
