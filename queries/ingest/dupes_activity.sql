-- grain: one row per activity record whose key (person_id × module_id × activity × completed_at) already appeared on an earlier record of the same file
select rec, first_rec, count(*) over () as total
from (
    select s.rec, min(s.rec) over (partition by s.person_id, s.module_id, s.activity, coalesce(s.completed_at, timestamp '1900-01-01')) as first_rec
    from staged as s
    where s.person_id is not null and s.module_id is not null and s.activity is not null
)
where rec > first_rec
order by rec
limit $limit
