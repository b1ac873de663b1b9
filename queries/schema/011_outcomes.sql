-- grain: one row per leader's team × period × metric per import
create table if not exists outcomes (
    period varchar not null,
    leader_id varchar not null,
    metric varchar not null,
    value double not null,
    extra json,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
