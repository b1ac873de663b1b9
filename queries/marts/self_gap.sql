-- grain: one row per leader × period: mean of the leader's own Likert answers, mean of others'
-- Likert answers the same month, and how many others answered (leader aggregates)
select
    l.cohort,
    a.leader_id,
    a.period,
    sum(a.score_sum) filter (where a.rater = 'self') / sum(a.answers) filter (where a.rater = 'self') as self_score,
    sum(a.score_sum) filter (where a.rater = 'others') / sum(a.answers) filter (where a.rater = 'others') as others_score,
    coalesce(sum(a.respondents) filter (where a.rater = 'others'), 0) as n_others,
    coalesce(l.arm, 'program') as arm
from agg_pulse_leader_scale as a
join stg_leader as l on l.leader_id = a.leader_id
left join stg_cohort_period as cp on cp.cohort = l.cohort and cp.period = a.period
where a.scale_kind = 'likert'
  and a.rater in ('self', 'others')
  and l.cohort is not null
  and picked($cohorts, l.cohort)
  and picked($arms, coalesce(l.arm, 'program'))
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(a.period, $period_from, $period_to)
group by l.cohort, l.arm, a.leader_id, a.period
order by l.cohort, a.leader_id, a.period
