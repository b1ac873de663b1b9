-- check: comparison cohorts that have modules scheduled (a comparison cohort gets no training)
-- grain: one row per cohort × module
select s.cohort, s.module_id, s.start_date, s.end_date
from stg_schedule as s
join stg_cohort as c using (cohort)
where c.arm = 'comparison'
order by s.cohort, s.start_date
