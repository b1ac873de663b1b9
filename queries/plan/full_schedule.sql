-- grain: one row per current cohort × module (the schedule CSV the plan page exports)
select cohort, module_id, module_name, start_date, end_date
from schedule
where superseded_by is null
order by cohort, start_date, module_id
