-- grain: one row per cohort × period: team members on the roster that month (invited) and
-- how many of them answered the pulse as direct reports
with invited as (
    select l.cohort, l.arm, p.period, m.person_id, m.leader_id
    from stg_member as m
    join stg_leader as l on l.leader_id = m.leader_id
    join stg_period as p
        on (m.hire_date is null or m.hire_date <= p.period_end)
       and (m.exit_date is null or m.exit_date >= p.period_start)
),

answered as (
    select distinct period, leader_id, respondent_id
    from stg_pulse_response
    where rater_type = 'direct_report'
)

select
    i.cohort,
    i.period,
    count(distinct i.person_id) as invited,
    count(distinct a.respondent_id) as responded,
    100.0 * count(distinct a.respondent_id) / count(distinct i.person_id) as response_rate_pct,
    i.arm
from invited as i
left join answered as a
    on a.period = i.period and a.leader_id = i.leader_id and a.respondent_id = i.person_id
left join stg_cohort_period as cp on cp.cohort = i.cohort and cp.period = i.period
where picked($cohorts, i.cohort)
  and picked($arms, i.arm)
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(i.period, $period_from, $period_to)
  and i.period <= (select max(period) from stg_pulse_response)
  and i.period >= (select min(period) from stg_pulse_response)
group by i.cohort, i.arm, i.period
order by i.cohort, i.period
