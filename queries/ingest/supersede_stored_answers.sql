-- grain: the stored answers of the responses in $response_ids (current ones), replaced with their response by
-- import $import_id
update pulse_answer set superseded_by = $import_id
where superseded_by is null and list_contains($response_ids, response_id)
