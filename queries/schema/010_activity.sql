-- grain: one row per person × module × activity × completion per import
create table if not exists activity (
    person_id varchar not null,
    module_id varchar not null,
    activity varchar not null,
    completed_at timestamp,
    minutes double,
    status varchar not null,
    extra json,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
