-- grain: one row per current module of one cohort, in date order
select module_id, coalesce(module_name, module_id) as module_name, start_date, end_date
from schedule
where superseded_by is null and cohort = $cohort
order by start_date, module_id
