-- table macro rubric_ratings(...): one row per leader × module × dimension × assessment date in
-- the filters (chosen assessor types; level averaged when several assessors rated that day)
create or replace temp macro rubric_ratings(assessors, cohorts, arms, modules, period_from, period_to) as table
select cohort, arm, leader_id, module_id, dimension, assessed_at, any_value(period) as period,
       avg(level) as level
from stg_rubric
where cohort is not null
  and picked(assessors, assessor_type)
  and picked(cohorts, cohort)
  and picked(arms, arm)
  and picked(modules, module_id)
  and in_range(period, period_from, period_to)
group by cohort, arm, leader_id, module_id, dimension, assessed_at
