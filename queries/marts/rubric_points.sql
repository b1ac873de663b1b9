-- grain: one row per cohort × module × dimension × assessment point (baseline, mid or end of the
-- module, from the schedule: rubric_point): leaders assessed, their mean level, the share at each
-- level and at Consistent or above, and the months the point's ratings fall in. A leader rated
-- more than once within a point counts once, at the mean of those ratings.
with leader_level as (
    select r.cohort, r.leader_id, r.module_id, r.dimension,
           rubric_point(r.assessed_at, s.start_date, s.end_date) as assessment,
           avg(r.level) as level, min(r.period) as first_period, max(r.period) as last_period
    from rubric_ratings($assessors, $cohorts, $arms, $modules, $period_from, $period_to) as r
    join stg_schedule as s on s.cohort = r.cohort and s.module_id = r.module_id
    group by all
)

select
    cohort,
    module_id,
    dimension,
    assessment,
    count(*) as n_leaders,
    avg(level) as mean_level,
    100.0 * count(*) filter (where level >= 3) / count(*) as consistent_plus_pct,
    100.0 * count(*) filter (where level < 1.5) / count(*) as not_evident_pct,
    100.0 * count(*) filter (where level >= 1.5 and level < 2.5) / count(*) as emerging_pct,
    100.0 * count(*) filter (where level >= 2.5 and level < 3.5) / count(*) as consistent_pct,
    100.0 * count(*) filter (where level >= 3.5) / count(*) as mastery_pct,
    min(first_period) as first_period,
    max(last_period) as last_period
from leader_level
group by cohort, module_id, dimension, assessment
order by cohort, module_id, dimension, list_position(['baseline', 'mid', 'end'], assessment)
