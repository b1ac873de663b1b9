-- grain: one row per rubric record whose key (assessed_at × leader_id × module_id × assessor_type × assessor_id × dimension) already appeared on an earlier record of the same file
select rec, first_rec, count(*) over () as total
from (
    select s.rec, min(s.rec) over (partition by s.assessed_at, s.leader_id, s.module_id, s.assessor_type, coalesce(s.assessor_id, ''), s.dimension) as first_rec
    from staged as s
    where s.assessed_at is not null and s.leader_id is not null and s.module_id is not null and s.assessor_type is not null and s.dimension is not null
)
where rec > first_rec
order by rec
limit $limit
