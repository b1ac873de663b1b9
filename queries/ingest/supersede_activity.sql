-- marks the stored activity rows that the file being imported replaces (same person_id × module_id × activity × completed_at)
update activity
set superseded_by = $import_id
where superseded_by is null
  and exists (select 1 from staged as s where s.person_id = activity.person_id and s.module_id = activity.module_id and s.activity = activity.activity and coalesce(s.completed_at, timestamp '1900-01-01') = coalesce(activity.completed_at, timestamp '1900-01-01'))
