-- grain: one row per staged record whose natural key is already stored (current rows) by an earlier import
select s.rec, t.{lineage} as import_id, l.file_name, count(*) over () as total
from {staged} as s
join {table} as t on {key_match} and t.{superseded_by} is null
join import_log as l on l.import_id = t.{lineage}
order by s.rec
limit $limit
