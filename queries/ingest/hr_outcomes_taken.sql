-- grain: one row per derived HR metric (temp table staged_hr) that a stored outcomes file already gives for the same
-- leader and month: the outcomes file wins, so these are not stored
select h.period, h.leader_id, h.metric
from staged_hr as h
join outcomes as o on o.period = h.period and o.leader_id = h.leader_id and o.metric = h.metric
join import_log as l on l.import_id = o.import_id
where o.superseded_by is null and l.kind <> 'roster'
