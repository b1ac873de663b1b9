-- grain: one row per cohort × month × kind of data that has arrived: how many units arrived
-- (respondents, leaders assessed, activity records, teams reporting) and how many were expected to
with members as (
    select l.cohort, p.period, count(distinct m.person_id) as members
    from stg_member as m
    join stg_leader as l on l.leader_id = m.leader_id
    join stg_period as p
        on (m.hire_date is null or m.hire_date <= p.period_end)
       and (m.exit_date is null or m.exit_date >= p.period_start)
    group by l.cohort, p.period
),

leaders as (
    select cohort, count(*) as leaders from stg_leader where cohort is not null group by cohort
)

select r.cohort, r.period, 'pulse' as kind, count(distinct r.respondent_id) as arrived,
       any_value(m.members) as expected
from stg_pulse_response as r
left join members as m on m.cohort = r.cohort and m.period = r.period
where r.cohort is not null and r.rater_type = 'direct_report'
group by r.cohort, r.period
union all
select r.cohort, r.period, 'rubric', count(distinct r.leader_id), any_value(l.leaders)
from stg_rubric as r
left join leaders as l on l.cohort = r.cohort
where r.cohort is not null
group by r.cohort, r.period
union all
select a.cohort, strftime(coalesce(a.completed_at, timestamp '1900-01-01'), '%Y-%m'), 'activity',
       count(*), any_value(l.leaders)
from stg_activity as a
left join leaders as l on l.cohort = a.cohort
where a.cohort is not null and a.completed_at is not null
group by a.cohort, strftime(coalesce(a.completed_at, timestamp '1900-01-01'), '%Y-%m')
union all
select o.cohort, o.period, 'outcomes', count(distinct o.leader_id), any_value(l.leaders)
from stg_outcomes as o
left join leaders as l on l.cohort = o.cohort
where o.cohort is not null
group by o.cohort, o.period
