-- grain: one row per pulse record whose key (response_id) is already stored by an earlier import
select s.rec, t.import_id, l.file_name, count(*) over () as total
from staged_response as s
join pulse_response as t on t.response_id = s.response_id and t.superseded_by is null
join import_log as l on l.import_id = t.import_id
order by s.rec
limit $limit
