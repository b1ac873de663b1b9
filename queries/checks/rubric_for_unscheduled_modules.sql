-- check: rubric assessments for a module the leader's cohort has not scheduled
-- grain: one row per cohort × module × leader
select r.cohort, r.module_id, r.leader_id, count(*) as ratings
from stg_rubric as r
where r.cohort is not null
  and not exists (select 1 from stg_schedule as s where s.cohort = r.cohort and s.module_id = r.module_id)
group by r.cohort, r.module_id, r.leader_id
order by r.cohort, r.module_id, r.leader_id
