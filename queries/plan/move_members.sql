-- copies the chosen leaders' team members into the plan change, in their leader's cohort and arm
insert into roster
select person_id, role, $cohort, leader_id, $arm, team, location, hire_date, exit_date, exit_reason,
       extra, $import_id, source_row, null, match_keys
from roster
where superseded_by is null and role = 'member' and list_contains($leaders, leader_id)
