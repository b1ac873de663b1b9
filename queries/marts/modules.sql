-- grain: one row per module in the current schedule: its display name (the first one given)
select module_id, min(module_name) as module_name, min(start_date) as first_start
from stg_schedule
group by module_id
order by first_start, module_id
