-- grain: one row per month from the earliest to the latest period in any stored data
create or replace temp view stg_period as
with bounds as (
    select min(p) as first_period, max(p) as last_period
    from (
        select period as p from pulse_response where superseded_by is null
        union all select period from outcomes where superseded_by is null
        union all select strftime(assessed_at, '%Y-%m') from rubric where superseded_by is null
        union all select strftime(completed_at, '%Y-%m') from activity where superseded_by is null and completed_at is not null
        union all select strftime(start_date, '%Y-%m') from schedule where superseded_by is null
        union all select strftime(end_date, '%Y-%m') from schedule where superseded_by is null
    )
)

select strftime(month, '%Y-%m') as period, month as period_start, last_day(month) as period_end
from bounds,
    generate_series(
        strptime(first_period, '%Y-%m'), strptime(last_period, '%Y-%m'), interval 1 month
    ) as t(month)
where first_period is not null
