-- grain: one row per cohort × period × question version (or scale kind) × rater: exact distinct
-- respondents per cohort need the roster, so these are rebuilt when the roster changes
create table if not exists agg_pulse_cohort (
    cohort varchar not null,
    period varchar not null,
    question_id varchar,              -- null on scale-kind rows
    question_import_id integer,
    scale_kind varchar,               -- null on question rows
    rater varchar not null,
    answers bigint not null,
    score_sum double not null,
    score_sq_sum double,              -- question rows: for the score's standard deviation
    favourable bigint not null,
    promoters bigint not null,
    detractors bigint not null,
    respondents bigint not null
)
