-- grain: one row per cohort × module × dimension × month × assessment point (baseline, mid or end
-- of the module, from the schedule: rubric_point): leaders assessed, their mean level and the share
-- at Consistent or above (level 3+)
with leader_level as (
    select r.cohort, r.leader_id, r.module_id, r.dimension, r.period,
           rubric_point(r.assessed_at, s.start_date, s.end_date) as assessment, avg(r.level) as level
    from rubric_ratings($assessors, $cohorts, $arms, $modules, $period_from, $period_to) as r
    left join stg_schedule as s on s.cohort = r.cohort and s.module_id = r.module_id
    group by all
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
    100.0 * count(*) filter (where level >= 3.5) / count(*) as mastery_pct,
    assessment
from leader_level
group by cohort, module_id, dimension, period, assessment
order by cohort, module_id, dimension, period, list_position(['baseline', 'mid', 'end'], assessment)
