-- grain: one row per schedule record whose key (cohort × module_id) already appeared on an earlier record of the same file
select rec, first_rec, count(*) over () as total
from (
    select s.rec, min(s.rec) over (partition by s.cohort, s.module_id) as first_rec
    from staged as s
    where s.cohort is not null and s.module_id is not null
)
where rec > first_rec
order by rec
limit $limit
