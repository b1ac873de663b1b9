-- grain: one row per schema file applied to this database
create table if not exists schema_migrations (
    name varchar primary key,
    applied_at timestamp not null default current_timestamp
)
