-- grain: one row per leader × module × dimension (chosen assessor types): the first and the
-- latest assessed level, the month of the latest and how many assessment dates there were
with ratings as (
    select * from rubric_ratings($assessors, $cohorts, $arms, $modules, $period_from, $period_to)
)

select
    cohort,
    leader_id,
    module_id,
    dimension,
    count(*) as n_assessments,
    arg_min(level, assessed_at) as first_level,
    arg_max(level, assessed_at) as latest_level,
    strftime(max(assessed_at), '%Y-%m') as latest_period
from ratings
group by cohort, leader_id, module_id, dimension
order by cohort, leader_id, module_id, dimension
