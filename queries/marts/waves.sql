-- grain: one row per wave of program cohorts: last baseline month, first follow-up month, cohorts
select
    wave,
    strftime(wave_start - interval 1 month, '%Y-%m') as baseline_to,
    strftime(wave_end + interval 1 month, '%Y-%m') as post_from,
    first_program_period,
    last_program_period,
    cohorts
from stg_wave
order by wave
