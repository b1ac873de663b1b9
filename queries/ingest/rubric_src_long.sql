-- grain: one row per assessment × dimension of a long rubric file (view src)
create or replace temp view rubric_src as
select rec, assessed_at, leader_id, module_id, assessor_type, assessor_id, note, extra,
       dimension, level, null::varchar as cell_header
from src
