-- grain: one row per impact metric: the program arm's value over the last three months with
-- data (each program leader pooled over those months, then the mean over leaders; for the
-- $respondent_metrics only leaders with a month among those visible at $min_group, visible_at)
with program as (
    select m.*
    from stg_impact_leader_period as m
    where list_contains($program_cohorts, m.cohort)
      and in_range(m.period, $period_from, $period_to)
),

recent as (
    select metric, period
    from (select distinct metric, period from program)
    qualify row_number() over (partition by metric order by period desc) <= 3
),

per_leader as (
    select p.metric, p.leader_id, sum(p.num) / sum(p.den) as value,
           bool_or(visible_at(p.n, $min_group)) as visible
    from program as p
    join recent as r using (metric, period)
    group by p.metric, p.leader_id
)

select
    metric,
    (select max(period) from recent as r where r.metric = l.metric) as latest_period,
    avg(value) as value
from per_leader as l
where not list_contains($respondent_metrics, metric) or visible
group by metric
