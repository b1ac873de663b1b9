-- grain: one row per setting kept inside the database (data version, settings, the check value of the id key)
create table if not exists meta (
    key varchar primary key,
    value varchar not null
)
