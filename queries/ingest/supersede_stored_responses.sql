-- grain: the stored responses in $response_ids (current ones), marked as replaced by import $import_id: earlier
-- submissions of a respondent that a repeat submission in this file replaces (undoing the import restores them)
update pulse_response set superseded_by = $import_id
where superseded_by is null and list_contains($response_ids, response_id)
