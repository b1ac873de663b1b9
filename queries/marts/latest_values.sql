-- grain: one row per impact metric: the program arm's value over the last three months with
-- visible data (each program leader pooled over those months, then the mean over leaders), from
-- the cells visible at $min_group only (impact_leader_period), and whether a hidden cell of those
-- months (or of a later month in range) was left out; `unit`: what the pulse score is in (pooled_unit)
with program as (
    select m.*
    from impact_leader_period($min_group) as m
    where list_contains($program_cohorts, m.cohort)
      and in_range(m.period, $period_from, $period_to)
),

recent as (
    select metric, period
    from (select distinct metric, period from program where den is not null)
    qualify row_number() over (partition by metric order by period desc) <= 3
),

per_leader as (
    select p.metric, p.leader_id, sum(p.num) / sum(p.den) as value, any_value(p.unit) as unit
    from program as p
    join recent as r using (metric, period)
    where p.den is not null
    group by p.metric, p.leader_id
),

excluded as (
    select p.metric, bool_or(p.excluded) as some_excluded
    from program as p
    where p.period >= (select min(r.period) from recent as r where r.metric = p.metric)
    group by p.metric
)

select
    l.metric,
    (select max(period) from recent as r where r.metric = l.metric) as latest_period,
    avg(l.value) as value,
    coalesce(any_value(e.some_excluded), false) as some_excluded,
    any_value(l.unit) as unit
from per_leader as l
left join excluded as e on e.metric = l.metric
group by l.metric
