-- stores the staged LMS activity rows under the new import
insert into activity
select person_id, module_id, activity, completed_at, minutes, status, extra, $import_id, rec, null
from staged
