-- check: months with no outcome values for a leader's team, between its first and latest month
-- grain: one row per leader × missing month
with spans as (
    select leader_id, any_value(cohort) as cohort, min(period) as first_period, max(period) as last_period
    from stg_outcomes
    group by leader_id
)

select s.cohort, s.leader_id, p.period
from spans as s
join stg_period as p on p.period between s.first_period and s.last_period
where not exists (
    select 1 from stg_outcomes as o where o.leader_id = s.leader_id and o.period = p.period
)
order by s.cohort, s.leader_id, p.period
