-- grain: one row per cohort × period in the pulse's months: team members on the roster that month
-- (invited: the roster alone, whatever was answered) and how many distinct direct reports answered
-- in the leaders' cells visible at $min_group (visible_answers: a small team's answers count nowhere,
-- so this count and the pulse's n cannot be subtracted into a hidden team); some_excluded = a
-- hidden cell of the cohort-month was left out (hidden_cells)
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
    select cohort, period, count(distinct respondent_id) as responded,
           bool_or(anonymous) as counted_as_responses
    from visible_answers($min_group)
    where rater_type = 'direct_report' and cohort is not null
    group by cohort, period
),

hidden as (
    select distinct cohort, period from hidden_cells($min_group) where cohort is not null
),

pulse_span as (
    select min(period) as first_period, max(period) as last_period from stg_pulse_response
)

select
    i.cohort,
    i.period,
    i.invited,
    coalesce(a.responded, 0) as responded,
    100.0 * coalesce(a.responded, 0) / i.invited as response_rate_pct,
    coalesce(i.arm, 'program') as arm,
    h.cohort is not null as some_excluded,
    coalesce(a.counted_as_responses, false) as counted_as_responses
from invited as i
cross join pulse_span as s
left join answered as a on a.cohort = i.cohort and a.period = i.period
left join hidden as h on h.cohort = i.cohort and h.period = i.period
left join stg_cohort_period as cp on cp.cohort = i.cohort and cp.period = i.period
where picked($cohorts, i.cohort)
  and picked($arms, coalesce(i.arm, 'program'))
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(i.period, $period_from, $period_to)
  and i.period between s.first_period and s.last_period
order by i.cohort, i.period
