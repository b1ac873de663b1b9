-- marks one import as undone in the log (its rows are removed separately)
update import_log
set status = 'undone', undone_at = current_timestamp, undone_by = $user
where import_id = $import_id
