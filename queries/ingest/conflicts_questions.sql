-- grain: one row per questions record whose key (question_id) is already stored by an earlier import
select s.rec, t.import_id, l.file_name, count(*) over () as total
from staged as s
join questions as t on t.question_id = s.question_id and t.superseded_by is null
join import_log as l on l.import_id = t.import_id
order by s.rec
limit $limit
