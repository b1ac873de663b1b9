-- grain: one row (or none): the import profile with this name
select name, layout, kind, fingerprint, mapping::varchar as mapping, created_at, created_by, updated_at, updated_by
from import_profile
where name = $name
