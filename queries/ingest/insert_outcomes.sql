-- stores the staged outcome values under the new import (N/A values are not stored)
insert into outcomes
select period, leader_id, metric, value, extra, $import_id, rec, null
from staged
where not not_applicable
