-- grain: one row per wave of program cohorts: its first module start and last module end
create or replace temp view stg_wave as
select
    wave,
    min(wave_start) as wave_start,
    max(wave_end) as wave_end,
    strftime(min(wave_start), '%Y-%m') as first_program_period,
    strftime(max(wave_end), '%Y-%m') as last_program_period,
    list(distinct cohort order by cohort) as cohorts
from stg_schedule
group by wave
