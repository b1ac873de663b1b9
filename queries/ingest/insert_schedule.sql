-- stores the staged schedule rows under the new import
insert into schedule
select cohort, module_id, module_name, start_date, end_date, extra, $import_id, rec, null
from staged
