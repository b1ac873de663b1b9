-- grain: one row per leader × period: mean of the leader's own Likert answers, mean of others'
-- Likert answers the same month, and how many others answered
select
    a.cohort,
    a.leader_id,
    a.period,
    avg(a.score) filter (where a.rater_group = 'self') as self_score,
    avg(a.score) filter (where a.rater_group = 'others') as others_score,
    count(distinct a.respondent_id) filter (where a.rater_group = 'others') as n_others,
    a.arm
from stg_pulse_answer as a
left join stg_cohort_period as cp on cp.cohort = a.cohort and cp.period = a.period
where a.scale in ('likert5', 'likert7')
  and a.cohort is not null
  and picked($cohorts, a.cohort)
  and picked($arms, a.arm)
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(a.period, $period_from, $period_to)
group by a.cohort, a.arm, a.leader_id, a.period
order by a.cohort, a.leader_id, a.period
