-- grain: one row per cohort: its arm, wave and modules (for impact's pairing of waves and arms)
select
    c.cohort,
    c.arm,
    c.wave,
    -- in the order the cohort took them (a cohort × module is one schedule row)
    coalesce((select list(s.module_id order by s.start_date, s.module_id) from stg_schedule as s
              where s.cohort = c.cohort), []) as modules
from stg_cohort_wave as c
order by c.cohort
