-- grain: one row per roster record whose key (person_id) already appeared on an earlier record of the same file
select rec, first_rec, count(*) over () as total
from (
    select s.rec, min(s.rec) over (partition by s.person_id) as first_rec
    from staged as s
    where s.person_id is not null
)
where rec > first_rec
order by rec
limit $limit
