-- stores the derived HR metrics (temp table staged_hr) under the roster import, except where a stored outcomes file
-- already gives them (the outcomes file wins)
insert into outcomes
select h.period, h.leader_id, h.metric, h.value, json_object('source', 'hr employee list'), $import_id, null, null
from staged_hr as h
where not exists (
    select 1
    from outcomes as o
    join import_log as l on l.import_id = o.import_id
    where o.superseded_by is null and l.kind <> 'roster'
      and o.period = h.period and o.leader_id = h.leader_id and o.metric = h.metric
)
