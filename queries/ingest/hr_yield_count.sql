-- grain: one row: how many staged outcome values replace a metric an HR employee list derived (same leader, month, metric)
select count(*)
from staged as s
join outcomes as o on o.period = s.period and o.leader_id = s.leader_id and o.metric = s.metric
join import_log as l on l.import_id = o.import_id
where l.kind = 'roster' and o.superseded_by is null and not s.not_applicable
