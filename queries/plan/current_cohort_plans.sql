-- grain: one row per cohort known to the plan or the roster: arm, planned start, leaders, team members
with planned as (
    select cohort, arm, start_date, note from cohort_plan where superseded_by is null
),

from_roster as (
    select cohort, mode(arm) as arm, count(*) as leaders
    from roster
    where superseded_by is null and role = 'leader' and cohort is not null
    group by cohort
),

members as (
    select l.cohort, count(*) as members
    from roster as m
    join roster as l on l.person_id = m.leader_id and l.role = 'leader' and l.superseded_by is null
    where m.superseded_by is null and m.role = 'member'
    group by l.cohort
)

select
    coalesce(p.cohort, r.cohort) as cohort,
    coalesce(p.arm, r.arm) as arm,
    p.start_date,
    p.note,
    coalesce(r.leaders, 0) as leaders,
    coalesce(m.members, 0) as members
from planned as p
full outer join from_roster as r on r.cohort = p.cohort
left join members as m on m.cohort = coalesce(p.cohort, r.cohort)
order by cohort
