-- grain: one row per outcomes record whose key (period × leader_id × metric) already appeared on an earlier record of the same file
select rec, first_rec, count(*) over () as total
from (
    select s.rec, min(s.rec) over (partition by s.period, s.leader_id, s.metric) as first_rec
    from staged as s
    where s.period is not null and s.leader_id is not null and s.metric is not null
)
where rec > first_rec
order by rec
limit $limit
