-- grain: one row per leader × period with Likert answers: mean of the leader's own answers, mean
-- of others' answers the same month and how many others answered — others' from the leader's
-- cells visible at $min_group only (visible_answers), so the all-question mean never holds a
-- hidden question; some_excluded = a hidden cell of the leader-month was left out (hidden_cells).
-- Both means pool the questions' pooled_score (percent of each scale's range when their scales
-- differ) and `unit` names it (pooled_unit)
with answers as (
    select *
    from visible_answers($min_group)
    where cohort is not null
      and scale_kind = 'likert'
      and picked($cohorts, cohort)
      and picked($arms, arm)
      and in_range(period, $period_from, $period_to)
),

pooled as (
    select
        cohort, arm, leader_id, period,
        avg(pooled_score) filter (where rater_group = 'self') as self_score,
        avg(pooled_score) filter (where rater_group = 'others') as others_score,
        pooled_unit(any_value(pool_scales)) as unit,
        count(distinct respondent_id) filter (where rater_group = 'others') as n_others,
        coalesce(bool_or(anonymous) filter (where rater_group = 'others'), false) as counted_as_responses
    from answers
    group by cohort, arm, leader_id, period
),

hidden as (
    select distinct cohort, arm, leader_id, period
    from hidden_cells($min_group)
    where cohort is not null
      and scale_kind = 'likert'
      and picked($cohorts, cohort)
      and picked($arms, arm)
      and in_range(period, $period_from, $period_to)
),

leader_month as (
    select
        coalesce(p.cohort, h.cohort) as cohort,
        coalesce(p.arm, h.arm) as arm,
        coalesce(p.leader_id, h.leader_id) as leader_id,
        coalesce(p.period, h.period) as period,
        p.self_score,
        p.others_score,
        p.unit,
        coalesce(p.n_others, 0) as n_others,
        h.leader_id is not null as some_excluded,
        coalesce(p.counted_as_responses, false) as counted_as_responses
    from pooled as p
    full join hidden as h on h.leader_id = p.leader_id and h.period = p.period
)

select l.cohort, l.leader_id, l.period, l.self_score, l.others_score, l.n_others, l.arm,
       l.some_excluded, l.counted_as_responses, l.unit
from leader_month as l
left join stg_cohort_period as cp on cp.cohort = l.cohort and cp.period = l.period
where len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+'))
order by l.cohort, l.leader_id, l.period
