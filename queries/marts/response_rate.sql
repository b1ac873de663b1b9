-- grain: one row per cohort × period: team members on the roster that month (invited) and how
-- many distinct people answered the pulse as direct reports (cohort aggregates)
with invited as (
    select l.cohort, any_value(l.arm) as arm, p.period, count(distinct m.person_id) as invited
    from stg_member as m
    join stg_leader as l on l.leader_id = m.leader_id
    join stg_period as p
        on (m.hire_date is null or m.hire_date <= p.period_end)
       and (m.exit_date is null or m.exit_date >= p.period_start)
    where l.cohort is not null
    group by l.cohort, p.period
),

answered as (
    select cohort, period, respondents
    from agg_pulse_cohort
    where scale_kind = 'any' and rater = 'direct_report'
),

pulse_span as (
    select min(period) as first_period, max(period) as last_period from agg_pulse_cohort
)

select
    i.cohort,
    i.period,
    i.invited,
    coalesce(a.respondents, 0) as responded,
    100.0 * coalesce(a.respondents, 0) / i.invited as response_rate_pct,
    coalesce(i.arm, 'program') as arm
from invited as i
cross join pulse_span as s
left join answered as a on a.cohort = i.cohort and a.period = i.period
left join stg_cohort_period as cp on cp.cohort = i.cohort and cp.period = i.period
where picked($cohorts, i.cohort)
  and picked($arms, coalesce(i.arm, 'program'))
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(i.period, $period_from, $period_to)
  and i.period between s.first_period and s.last_period
order by i.cohort, i.period
