-- grain: one row per record of the file being imported (table src_people), each person the roster found (view
-- person_found: field, given, person_id) replaced by their person id
create or replace temp view src_resolved as
select * replace (
    coalesce((select f.person_id from person_found as f where f.field = 'leader_id' and f.given = clean(s.leader_id)), s.leader_id) as leader_id
)
from src_people as s
