-- grain: one row per module id of the current schedule and the module catalogue, with a name when one is known
select module_id, coalesce(max(module_name), '') as name
from (
    select module_id, module_name from schedule where superseded_by is null
    union all
    select module_id, name from module_catalogue where superseded_by is null
)
group by module_id
order by module_id
