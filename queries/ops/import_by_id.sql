-- grain: one row (or none): one import's log entry
select import_id, file_name, kind, status, source, rows from import_log where import_id = $import_id
