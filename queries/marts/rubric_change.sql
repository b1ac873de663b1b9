-- grain: one row per cohort × module × dimension: over leaders assessed on two or more dates,
-- the mean first level, mean latest level and mean change (latest − first)
with ratings as (
    select * from rubric_ratings($assessors, $cohorts, $arms, $modules, $period_from, $period_to)
),

per_leader as (
    select
        cohort,
        leader_id,
        module_id,
        dimension,
        arg_min(level, assessed_at) as first_level,
        arg_max(level, assessed_at) as latest_level
    from ratings
    group by cohort, leader_id, module_id, dimension
    having count(*) >= 2
)

select
    cohort,
    module_id,
    dimension,
    count(*) as n_leaders,
    avg(first_level) as first_level,
    avg(latest_level) as latest_level,
    avg(latest_level - first_level) as change
from per_leader
group by cohort, module_id, dimension
order by cohort, module_id, dimension
