-- grain: one row per cohort × month: the phase (baseline / program / follow_up, from the
-- cohort's wave) and the modules running that month ('+'-joined, '' when none)
create or replace temp view stg_cohort_period as
select
    c.cohort,
    c.arm,
    p.period,
    case
        when w.wave is null then null
        when p.period < w.first_program_period then 'baseline'
        when p.period <= w.last_program_period then 'program'
        else 'follow_up'
    end as phase,
    coalesce((
        select string_agg(s.module_id, '+' order by s.start_date, s.module_id)
        from stg_schedule as s
        where s.cohort = c.cohort and s.start_date <= p.period_end and s.end_date >= p.period_start
    ), '') as module_id
from stg_cohort_wave as c
cross join stg_period as p
left join stg_wave as w on w.wave = c.wave
