-- grain: one row: the highest import id in the log (0 when empty)
select coalesce(max(import_id), 0) from import_log
