-- grain: one row per cohort × module per import
create table if not exists schedule (
    cohort varchar not null,
    module_id varchar not null,
    module_name varchar,
    start_date date not null,
    end_date date not null,
    extra json,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
