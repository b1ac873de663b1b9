-- leader × period × scale kind (likert, nps, any) × rater (each rater type, and others = peers +
-- direct reports): answers, sums and distinct respondents, from the respondent facts
insert into agg_pulse_leader_scale
with grouped as (
    select
        leader_id,
        period,
        rater,
        sum(likert_answers) as likert_answers,
        sum(likert_sum) as likert_sum,
        sum(favourable) as favourable,
        sum(nps_answers) as nps_answers,
        sum(promoters) as promoters,
        sum(detractors) as detractors,
        count(*) filter (where likert_answers > 0) as likert_n,
        count(*) filter (where nps_answers > 0) as nps_n,
        count(*) as any_n
    from agg_respondent_facts
    group by leader_id, period, rater
)

select leader_id, period, 'likert', rater, likert_answers, likert_sum, favourable, 0, 0, likert_n
from grouped where likert_answers > 0
union all
select leader_id, period, 'nps', rater, nps_answers, 0, 0, promoters, detractors, nps_n
from grouped where nps_answers > 0
union all
select leader_id, period, 'any', rater, likert_answers + nps_answers, likert_sum, favourable, promoters, detractors, any_n
from grouped
