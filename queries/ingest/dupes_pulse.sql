-- grain: one row per pulse record whose key (response_id) already appeared on an earlier record of the same file
select rec, first_rec, count(*) over () as total
from (
    select s.rec, min(s.rec) over (partition by s.response_id) as first_rec
    from staged_response as s
    where s.response_id is not null
)
where rec > first_rec
order by rec
limit $limit
