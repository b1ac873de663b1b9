-- check: pulse responses more than 12 months before a program cohort's first module or more
-- than 12 months after its last, or for leaders of no cohort
-- grain: one row per cohort × period with such responses
select
    coalesce(r.cohort, '(no cohort)') as cohort,
    r.period,
    count(distinct r.response_id) as responses
from stg_pulse_response as r
left join stg_schedule as s on s.cohort = r.cohort
group by r.cohort, r.period
having r.cohort is null
    or (count(s.cohort) > 0 and (
        r.period < strftime(min(s.start_date) - interval 12 month, '%Y-%m')
        or r.period > strftime(max(s.end_date) + interval 12 month, '%Y-%m')))
order by cohort, r.period
