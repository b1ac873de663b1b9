-- grain: one row per activity record whose key (person_id × module_id × activity × completed_at) is already stored by an earlier import
select s.rec, t.import_id, l.file_name, count(*) over () as total
from staged as s
join activity as t on t.person_id = s.person_id and t.module_id = s.module_id and t.activity = s.activity and coalesce(t.completed_at, timestamp '1900-01-01') = coalesce(s.completed_at, timestamp '1900-01-01') and t.superseded_by is null
join import_log as l on l.import_id = t.import_id
order by s.rec
limit $limit
