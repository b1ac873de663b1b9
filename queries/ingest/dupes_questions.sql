-- grain: one row per questions record whose key (question_id) already appeared on an earlier record of the same file
select rec, first_rec, count(*) over () as total
from (
    select s.rec, min(s.rec) over (partition by s.question_id) as first_rec
    from staged as s
    where s.question_id is not null
)
where rec > first_rec
order by rec
limit $limit
