-- grain: one row per schedule record whose key (cohort × module_id) is already stored by an earlier import
select s.rec, t.import_id, l.file_name, count(*) over () as total
from staged as s
join schedule as t on t.cohort = s.cohort and t.module_id = s.module_id and t.superseded_by is null
join import_log as l on l.import_id = t.import_id
order by s.rec
limit $limit
