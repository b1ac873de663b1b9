-- marks the stored pulse_response rows that the file being imported replaces (same response_id)
update pulse_response
set superseded_by = $import_id
where superseded_by is null
  and exists (select 1 from staged_response as s where s.response_id = pulse_response.response_id)
