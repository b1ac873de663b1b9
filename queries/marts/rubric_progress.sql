-- grain: one row per cohort × module × dimension × month: leaders assessed, their mean level
-- and the share at Consistent or above (level 3+)
with leader_level as (
    select cohort, leader_id, module_id, dimension, period, avg(level) as level
    from rubric_ratings($assessors, $cohorts, $arms, $modules, $period_from, $period_to)
    group by cohort, leader_id, module_id, dimension, period
)

select
    cohort,
    module_id,
    dimension,
    period,
    count(*) as n_leaders,
    avg(level) as mean_level,
    100.0 * count(*) filter (where level >= 3) / count(*) as consistent_plus_pct,
    100.0 * count(*) filter (where level < 1.5) / count(*) as not_evident_pct,
    100.0 * count(*) filter (where level >= 1.5 and level < 2.5) / count(*) as emerging_pct,
    100.0 * count(*) filter (where level >= 2.5 and level < 3.5) / count(*) as consistent_pct,
    100.0 * count(*) filter (where level >= 3.5) / count(*) as mastery_pct
from leader_level
group by cohort, module_id, dimension, period
order by cohort, module_id, dimension, period
