-- grain: one row per cohort × period: others' answers to 0–10 recommend questions
-- (the leader's own answer is a self rating and is left out): respondents, promoters, detractors
select
    a.cohort,
    a.period,
    count(distinct a.respondent_id) as n,
    100.0 * count(*) filter (where a.promoter) / count(*) as promoters_pct,
    100.0 * count(*) filter (where a.detractor) / count(*) as detractors_pct,
    100.0 * (count(*) filter (where a.promoter) - count(*) filter (where a.detractor)) / count(*) as enps,
    count(*) as answers,
    a.arm
from stg_pulse_answer as a
left join stg_cohort_period as cp on cp.cohort = a.cohort and cp.period = a.period
where a.scale = 'nps11'
  and a.rater_group = 'others'
  and a.cohort is not null
  and picked($cohorts, a.cohort)
  and picked($arms, a.arm)
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(a.period, $period_from, $period_to)
group by a.cohort, a.arm, a.period
order by a.cohort, a.period
