-- grain: one row: the months an HR employee list's headcount is derived for — from the first month of the schedule
-- (or, with none, eleven months before the end) to the month of the latest hire or exit date in the file, never past
-- $today's month
with bounds as (
    select least(date_trunc('month', greatest(max(hire_date), max(exit_date))), date_trunc('month', cast($today as date)))
        as last_month
    from staged
)
select
    coalesce(
        (select date_trunc('month', min(start_date)) from schedule where superseded_by is null),
        last_month - interval 11 month
    ) as first_month,
    last_month
from bounds
