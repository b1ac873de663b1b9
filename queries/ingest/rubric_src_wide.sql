-- grain: one row per assessment × non-empty dimension cell of a wide rubric file (columns d__N of view src)
create or replace temp view rubric_src as
select
    u.rec, u.assessed_at, u.leader_id, u.module_id, u.assessor_type, u.assessor_id, u.note, u.extra,
    w.target as dimension, u.level, w.header as cell_header
from (
    unpivot src
    on columns('^d__')
    into name col value level
) as u
join ref_wide_column as w on w.col = u.col
