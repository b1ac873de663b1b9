-- grain: one row per assessment × dimension per import
create table if not exists rubric (
    assessed_at date not null,
    leader_id varchar not null,
    module_id varchar not null,
    assessor_type varchar not null,
    assessor_id varchar,
    dimension varchar not null,
    level tinyint,
    note varchar,
    extra json,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
