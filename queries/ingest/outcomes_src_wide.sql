-- grain: one row per non-empty metric cell of a wide outcomes file (columns m__N of view src)
create or replace temp view outcomes_src as
select u.rec, u.period, u.leader_id, w.target as metric, u.value, u.extra, w.header as cell_header
from (
    unpivot src
    on columns('^m__')
    into name col value value
) as u
join ref_wide_column as w on w.col = u.col
