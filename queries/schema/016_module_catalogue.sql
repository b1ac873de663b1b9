-- grain: one row per custom module added to the catalogue per plan change (the five core modules are built in)
create table if not exists module_catalogue (
    module_id varchar not null,
    name varchar not null,
    description varchar,
    microlearning_minutes integer,
    practice_minutes integer,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
