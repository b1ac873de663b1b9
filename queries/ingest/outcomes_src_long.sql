-- grain: one row per leader's team × period × metric of a long outcomes file (view src)
create or replace temp view outcomes_src as
select rec, period, leader_id, metric, value, extra, null::varchar as cell_header
from src
