-- grain: one row per cohort × module of the current schedule: when the module ran, its name
-- and the cohort's wave (pages shade these windows on time axes)
select
    s.cohort,
    c.arm,
    s.module_id,
    s.module_name,
    s.start_date,
    s.end_date,
    s.wave
from stg_schedule as s
left join stg_cohort as c using (cohort)
where picked($cohorts, s.cohort)
  and picked($modules, s.module_id)
  and picked($arms, coalesce(c.arm, 'program'))
order by s.start_date, s.cohort, s.module_id
