-- copies the chosen leaders' current roster rows into a plan change with a new cohort and arm
insert into roster
select person_id, role, $cohort, leader_id, $arm, team, location, hire_date, exit_date, exit_reason,
       extra, $import_id, source_row, null, match_keys
from roster
where superseded_by is null and role = 'leader' and list_contains($leaders, person_id)
