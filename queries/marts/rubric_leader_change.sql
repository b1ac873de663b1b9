-- grain: one row per program leader: mean over module × dimension of the first and the latest
-- assessed level (chosen assessor type), for leaders assessed on two or more dates
with ratings as (
    select * from rubric_ratings($assessors, $cohorts, $arms, $modules, $period_from, $period_to)
),

per_dimension as (
    select cohort, arm, leader_id, module_id, dimension,
           arg_min(level, assessed_at) as first_level, arg_max(level, assessed_at) as latest_level
    from ratings
    group by cohort, arm, leader_id, module_id, dimension
    having count(*) >= 2
)

select cohort, arm, leader_id, avg(first_level) as baseline, avg(latest_level) as post
from per_dimension
group by cohort, arm, leader_id
order by cohort, leader_id
