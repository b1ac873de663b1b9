-- cohort × period × scale kind × rater aggregates, with exact distinct respondents per cohort
-- (a peer rating two leaders of the cohort counts once), from the respondent facts
insert into agg_pulse_cohort
with per_respondent as (
    select
        l.cohort,
        f.period,
        f.rater,
        f.respondent_id,
        sum(f.likert_answers) as likert_answers,
        sum(f.likert_sum) as likert_sum,
        sum(f.favourable) as favourable,
        sum(f.nps_answers) as nps_answers,
        sum(f.promoters) as promoters,
        sum(f.detractors) as detractors
    from agg_respondent_facts as f
    join agg_leader_cohort as l using (leader_id)
    group by l.cohort, f.period, f.rater, f.respondent_id
),

grouped as (
    select
        cohort,
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
    from per_respondent
    group by cohort, period, rater
)

select cohort, period, null, null, 'likert', rater, likert_answers, likert_sum, null, favourable, 0, 0, likert_n
from grouped where likert_answers > 0
union all
select cohort, period, null, null, 'nps', rater, nps_answers, 0, null, 0, promoters, detractors, nps_n
from grouped where nps_answers > 0
union all
select cohort, period, null, null, 'any', rater, likert_answers + nps_answers, likert_sum, null, favourable,
       promoters, detractors, any_n
from grouped
