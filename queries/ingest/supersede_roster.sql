-- marks the stored roster rows that the file being imported replaces (same person_id)
update roster
set superseded_by = $import_id
where superseded_by is null
  and exists (select 1 from staged as s where s.person_id = roster.person_id)
