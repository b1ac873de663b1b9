-- grain: one row per cohort × period: others' answers to 0–10 recommend questions (the leader's
-- own answer is a self rating and is left out): respondents, promoters, detractors (cohort aggregates)
select
    c.cohort,
    c.period,
    c.respondents as n,
    100.0 * c.promoters / c.answers as promoters_pct,
    100.0 * c.detractors / c.answers as detractors_pct,
    100.0 * (c.promoters - c.detractors) / c.answers as enps,
    c.answers,
    coalesce(k.arm, 'program') as arm
from agg_pulse_cohort as c
left join stg_cohort as k on k.cohort = c.cohort
left join stg_cohort_period as cp on cp.cohort = c.cohort and cp.period = c.period
where c.scale_kind = 'nps'
  and c.rater = 'others'
  and picked($cohorts, c.cohort)
  and picked($arms, coalesce(k.arm, 'program'))
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(c.period, $period_from, $period_to)
order by c.cohort, c.period
