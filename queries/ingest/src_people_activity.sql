-- grain: one row per record of the file being imported (table src_people), each value looked up (view
-- person_found: field, given, person_id) replaced: people by their person id, course titles by their module id
create or replace temp view src_resolved as
select * replace (
    coalesce((select f.person_id from person_found as f where f.field = 'person_id' and f.given = clean(s.person_id)), s.person_id) as person_id,
    coalesce((select f.person_id from person_found as f where f.field = 'module_id' and f.given = clean(s.module_id)), s.module_id) as module_id
)
from src_people as s
