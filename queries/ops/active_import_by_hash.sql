-- grain: one row (or none): the active import of a file with this content and kind
select import_id, file_name, imported_at
from import_log
where file_sha256 = $sha256 and kind = $kind and status = 'active'
order by import_id
limit 1
