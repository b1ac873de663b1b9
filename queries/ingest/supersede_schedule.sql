-- marks the stored schedule rows that the file being imported replaces (same cohort × module_id)
update schedule
set superseded_by = $import_id
where superseded_by is null
  and exists (select 1 from staged as s where s.cohort = schedule.cohort and s.module_id = schedule.module_id)
