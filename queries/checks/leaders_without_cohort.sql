-- check: leaders on the roster who are in no cohort yet (assign them on the Pilot plan page)
-- grain: one row per leader
select person_id as leader_id, team
from roster
where superseded_by is null and role = 'leader' and cohort is null
order by person_id
