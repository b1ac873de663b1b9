-- grain: one row per person per import; the current roster is the rows not superseded
create table if not exists roster (
    person_id varchar not null,
    role varchar not null,
    cohort varchar,
    leader_id varchar,
    arm varchar not null,
    team varchar,
    location varchar,
    hire_date date,
    exit_date date,
    exit_reason varchar,
    extra json,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
