-- grain: one row per survey response per import
create table if not exists pulse_response (
    response_id varchar not null,
    submitted_at timestamp not null,
    period varchar not null,
    respondent_id varchar not null,
    rater_type varchar not null,
    leader_id varchar not null,
    comment varchar,
    extra json,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
