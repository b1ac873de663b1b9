-- grain: one row per measurement-cadence setting per plan change (current = not superseded)
create table if not exists plan_setting (
    name varchar not null,
    value varchar not null,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
