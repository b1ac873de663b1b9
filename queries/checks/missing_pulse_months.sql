-- check: months with no pulse responses for a cohort, between its first and latest month with responses
-- grain: one row per cohort × missing month
with spans as (
    select cohort, min(period) as first_period, max(period) as last_period
    from stg_pulse_response
    where cohort is not null
    group by cohort
)

select s.cohort, p.period
from spans as s
join stg_period as p on p.period between s.first_period and s.last_period
where not exists (
    select 1 from stg_pulse_response as r where r.cohort = s.cohort and r.period = p.period
)
order by s.cohort, p.period
