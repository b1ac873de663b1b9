-- grain: one row per answered question of a response (missing answers are not stored);
-- response attributes are repeated so KPI queries need no join
create table if not exists pulse_answer (
    response_id varchar not null,
    question_id varchar not null,
    score tinyint not null,
    period varchar not null,
    leader_id varchar not null,
    rater_type varchar not null,
    respondent_id varchar not null,
    question_import_id integer,       -- the question version (its import) the answer was read with
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
