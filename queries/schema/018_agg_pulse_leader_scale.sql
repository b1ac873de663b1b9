-- grain: one row per leader × period × scale kind (likert, nps, any) × rater (others, self,
-- peer, direct_report): counts, sums and distinct respondents across that kind's questions
create table if not exists agg_pulse_leader_scale (
    leader_id varchar not null,
    period varchar not null,
    scale_kind varchar not null,
    rater varchar not null,
    answers bigint not null,
    score_sum double not null,
    favourable bigint not null,
    promoters bigint not null,
    detractors bigint not null,
    respondents bigint not null
)
