-- stores the staged rubric rows under the new import (an N/A level is stored as missing)
insert into rubric
select assessed_at, leader_id, module_id, assessor_type, assessor_id, dimension, level, note, extra,
       $import_id, rec, null
from staged
