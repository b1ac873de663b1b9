-- grain: one row per setting kept inside the database (salt for hashed ids, data version)
create table if not exists meta (
    key varchar primary key,
    value varchar not null
)
