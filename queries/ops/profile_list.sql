-- grain: one row per saved import profile, most recently updated first
select name, layout, kind, fingerprint, mapping::varchar as mapping, created_at, created_by, updated_at, updated_by
from import_profile
order by updated_at desc, name
