-- check: team members whose leader_id is blank or not a leader on the roster
-- grain: one row per member
select m.person_id, m.leader_id, m.cohort
from stg_member as m
where m.leader_id is null or m.leader_id not in (select leader_id from stg_leader)
order by m.person_id
