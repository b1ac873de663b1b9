-- grain: one row per staged record whose natural key already appeared on an earlier record of the same file
select rec, first_rec, count(*) over () as total
from (
    select s.rec, min(s.rec) over (partition by {key_partition}) as first_rec
    from {staged} as s
    where {key_present}
)
where rec > first_rec
order by rec
limit $limit
