-- grain: one row per leader × period × question version × rater group (others/self): the
-- pulse answers' counts and sums, kept up to date by every import and undo (roster-independent)
create table if not exists agg_pulse_leader (
    leader_id varchar not null,
    period varchar not null,
    question_id varchar not null,
    question_import_id integer,
    rater varchar not null,
    answers bigint not null,
    score_sum double not null,
    favourable bigint not null,
    promoters bigint not null,
    detractors bigint not null,
    respondents bigint not null
)
