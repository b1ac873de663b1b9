-- grain: one row per cohort with a wave: its own wave, or (cohorts without modules, e.g. the
-- comparison) the first wave, whose months they are compared against
create or replace temp view stg_cohort_wave as
select c.cohort, c.arm, coalesce(s.wave, case when c.arm = 'comparison' then (select min(wave) from stg_wave) end) as wave
from stg_cohort as c
left join (select distinct cohort, wave from stg_schedule) as s using (cohort)
