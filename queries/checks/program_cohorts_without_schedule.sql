-- check: program cohorts with no modules scheduled (their phases and impact cannot be computed)
-- grain: one row per cohort
select c.cohort, c.n_leaders
from stg_cohort as c
where c.arm = 'program' and c.cohort not in (select cohort from stg_schedule)
order by c.cohort
