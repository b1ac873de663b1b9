-- grain: one row per current leader on the roster: cohort, arm, team and team size
select
    l.person_id as leader_id,
    l.cohort,
    l.arm,
    l.team,
    (select count(*) from roster as m
     where m.superseded_by is null and m.role = 'member' and m.leader_id = l.person_id) as team_size
from roster as l
where l.superseded_by is null and l.role = 'leader'
order by l.cohort nulls first, l.person_id
