-- grain: one row per cohort per plan change: its arm and planned start (current = not superseded)
create table if not exists cohort_plan (
    cohort varchar not null,
    arm varchar not null,
    start_date date,
    note varchar,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
