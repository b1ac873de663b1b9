-- stores the staged roster rows under the new import
insert into roster (person_id, role, cohort, leader_id, arm, team, location, hire_date, exit_date, exit_reason,
                    extra, import_id, source_row, superseded_by, match_keys)
select person_id, role, cohort, leader_id, arm, team, location, hire_date, exit_date, exit_reason,
       extra, $import_id, rec, null, match_keys
from staged
