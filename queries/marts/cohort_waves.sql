-- grain: one row per cohort: its arm, wave and modules (for impact's pairing of waves and arms)
select
    c.cohort,
    c.arm,
    c.wave,
    coalesce((select list(distinct s.module_id) from stg_schedule as s where s.cohort = c.cohort), []) as modules
from stg_cohort_wave as c
order by c.cohort
