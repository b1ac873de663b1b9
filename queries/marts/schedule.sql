-- grain: one row per cohort × module of the current schedule: the module's name and dates,
-- the cohort's arm and training wave (what ran when, for the report's story)
select
    s.cohort,
    c.arm,
    s.module_id,
    s.module_name,
    s.start_date,
    s.end_date,
    strftime(s.start_date, '%Y-%m') as first_period,
    strftime(s.end_date, '%Y-%m') as last_period,
    s.wave
from stg_schedule as s
left join stg_cohort as c on c.cohort = s.cohort
where picked($cohorts, s.cohort)
  and picked($modules, s.module_id)
  and ($period_to = '' or strftime(s.start_date, '%Y-%m') <= $period_to)
  and ($period_from = '' or strftime(s.end_date, '%Y-%m') >= $period_from)
order by s.start_date, s.cohort, s.module_id
