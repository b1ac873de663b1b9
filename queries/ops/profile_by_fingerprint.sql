-- grain: one row (or none): the most recently updated profile saved for a layout with this fingerprint
select name, layout, kind, fingerprint, mapping::varchar as mapping, created_at, created_by, updated_at, updated_by
from import_profile
where fingerprint = $fingerprint
order by updated_at desc, name
limit 1
