-- grain: one row per program leader: mean over module × dimension of the first and the latest
-- assessed level (chosen assessor type), for leaders assessed on two or more dates
with ratings as (
    select cohort, arm, leader_id, module_id, dimension, assessed_at, avg(level) as level
    from stg_rubric
    where cohort is not null
      and picked($assessors, assessor_type)
      and picked($cohorts, cohort)
      and picked($arms, arm)
      and picked($modules, module_id)
      and in_range(period, $period_from, $period_to)
    group by cohort, arm, leader_id, module_id, dimension, assessed_at
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
