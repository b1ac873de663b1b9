-- macro category(x, keys, vals): the canonical value of a categorical field from any accepted spelling;
-- null when unknown or empty. The lower-cased text is tried first; the slower token only if that misses.
create or replace temp macro category(x, keys, vals) as
    coalesce(
        vals[list_position(keys, lower(clean(x)))],
        case when token(x) is null or token(x) = '' then null else vals[list_position(keys, token(x))] end
    )
