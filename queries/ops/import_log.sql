-- grain: one row per import, newest first
select import_id, file_name, kind, format, rows, replaced_rows, problems, status, source,
       imported_at, imported_by, undone_at, undone_by, file_sha256, details
from import_log
order by import_id desc
