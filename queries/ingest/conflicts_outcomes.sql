-- grain: one row per outcomes record whose key (period × leader_id × metric) is already stored by an earlier import
select s.rec, t.import_id, l.file_name, count(*) over () as total
from staged as s
join outcomes as t on t.period = s.period and t.leader_id = s.leader_id and t.metric = s.metric and t.superseded_by is null
join import_log as l on l.import_id = t.import_id
order by s.rec
limit $limit
