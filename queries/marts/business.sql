-- grain: one row per cohort × period × business metric: the metric over the cohort's teams
-- (rates from summed numerators and denominators; means for scores), how many teams report it and
-- the cohort-month's headcount (business_cells: a team's numbers never leave the cohort's figure,
-- and the privacy gate hides a cohort-month of fewer than k people)
with teams as (
    select t.*
    from stg_team_month as t
    left join stg_cohort_period as cp on cp.cohort = t.cohort and cp.period = t.period
    where picked($cohorts, t.cohort)
      and picked($arms, t.arm)
      and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
      and in_range(t.period, $period_from, $period_to)
),

standard as (
    select cohort, arm, period, 'escalation_rate' as metric,
           100.0 * sum(escalations) / nullif(sum(interactions), 0) as value, count(*) as n_teams
    from teams where escalations is not null and interactions > 0
    group by cohort, arm, period
    union all
    select cohort, arm, period, 'attrition_rate',
           1200.0 * sum(voluntary_exits) / nullif(sum(headcount), 0), count(*)
    from teams where voluntary_exits is not null and headcount > 0
    group by cohort, arm, period
    union all
    select cohort, arm, period, 'csat', avg(csat), count(*)
    from teams where csat is not null
    group by cohort, arm, period
    union all
    select cohort, arm, period, 'clarifications_per_100',
           100.0 * sum(clarification_requests) / nullif(sum(messages), 0), count(*)
    from teams where clarification_requests is not null and messages > 0
    group by cohort, arm, period
    union all
    select cohort, arm, period, 'meeting_participation', 100.0 * avg(meeting_participation_rate), count(*)
    from teams where meeting_participation_rate is not null
    group by cohort, arm, period
    union all
    select cohort, arm, period, 'response_hours', avg(median_response_hours), count(*)
    from teams where median_response_hours is not null
    group by cohort, arm, period
),

custom as (
    select o.cohort, o.arm, o.period, o.metric, avg(o.value) as value, count(distinct o.leader_id) as n_teams
    from stg_outcomes as o
    left join stg_cohort_period as cp on cp.cohort = o.cohort and cp.period = o.period
    where o.cohort is not null
      and o.metric not in ('headcount', 'voluntary_exits', 'escalations', 'interactions', 'csat',
                           'clarification_requests', 'messages', 'meeting_participation_rate',
                           'median_response_hours')
      and picked($cohorts, o.cohort)
      and picked($arms, o.arm)
      and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
      and in_range(o.period, $period_from, $period_to)
    group by o.cohort, o.arm, o.period, o.metric
)

select s.cohort, s.arm, s.period, s.metric, s.value, s.n_teams, b.headcount
from (
    select cohort, arm, period, metric, value, n_teams from standard
    union all
    select cohort, arm, period, metric, value, n_teams from custom
) as s
left join business_cells($min_group) as b on b.cohort = s.cohort and b.period = s.period
order by s.cohort, s.period, s.metric
