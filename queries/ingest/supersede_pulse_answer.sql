-- marks the stored answers of the responses that the file being imported replaces (same response_id)
update pulse_answer
set superseded_by = $import_id
where superseded_by is null
  and response_id in (select response_id from staged_response)
