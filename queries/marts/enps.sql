-- grain: one row per cohort × period with others' answers to 0–10 recommend questions (the
-- leader's own answer is a self rating and is left out): respondents, promoters, detractors,
-- pooled over the leaders' cells visible at $min_group only (visible_answers); some_excluded =
-- a hidden cell of the cohort-month was left out (hidden_cells)
with answers as (
    select *
    from visible_answers($min_group)
    where cohort is not null
      and rater_group = 'others'
      and scale_kind = 'nps'
      and picked($cohorts, cohort)
      and in_range(period, $period_from, $period_to)
),

pooled as (
    select
        cohort, period,
        count(distinct respondent_id) as n,
        count(*) as answers,
        count(*) filter (where promoter) as promoters,
        count(*) filter (where detractor) as detractors,
        bool_or(anonymous) as counted_as_responses
    from answers
    group by cohort, period
),

hidden as (
    select distinct cohort, period
    from hidden_cells($min_group)
    where cohort is not null
      and scale_kind = 'nps'
      and picked($cohorts, cohort)
      and in_range(period, $period_from, $period_to)
),

cells as (
    select
        coalesce(p.cohort, h.cohort) as cohort,
        coalesce(p.period, h.period) as period,
        coalesce(p.n, 0) as n,
        coalesce(p.answers, 0) as answers,
        p.promoters,
        p.detractors,
        h.cohort is not null as some_excluded,
        coalesce(p.counted_as_responses, false) as counted_as_responses
    from pooled as p
    full join hidden as h on h.cohort = p.cohort and h.period = p.period
)

select
    c.cohort,
    c.period,
    c.n,
    100.0 * c.promoters / nullif(c.answers, 0) as promoters_pct,
    100.0 * c.detractors / nullif(c.answers, 0) as detractors_pct,
    100.0 * (c.promoters - c.detractors) / nullif(c.answers, 0) as enps,
    c.answers,
    coalesce(k.arm, 'program') as arm,
    c.some_excluded,
    c.counted_as_responses
from cells as c
left join stg_cohort as k on k.cohort = c.cohort
left join stg_cohort_period as cp on cp.cohort = c.cohort and cp.period = c.period
where picked($arms, coalesce(k.arm, 'program'))
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
order by c.cohort, c.period
