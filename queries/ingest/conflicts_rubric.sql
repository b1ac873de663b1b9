-- grain: one row per rubric record whose key (assessed_at × leader_id × module_id × assessor_type × assessor_id × dimension) is already stored by an earlier import
select s.rec, t.import_id, l.file_name, count(*) over () as total
from staged as s
join rubric as t on t.assessed_at = s.assessed_at and t.leader_id = s.leader_id and t.module_id = s.module_id and t.assessor_type = s.assessor_type and coalesce(t.assessor_id, '') = coalesce(s.assessor_id, '') and t.dimension = s.dimension and t.superseded_by is null
join import_log as l on l.import_id = t.import_id
order by s.rec
limit $limit
