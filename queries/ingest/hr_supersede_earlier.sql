-- marks as replaced by import $import_id the HR-derived outcomes (stored by an earlier roster import) that the new
-- employee list derives again for the same leader, month and metric
update outcomes as o
set superseded_by = $import_id
from import_log as l
where l.import_id = o.import_id and l.kind = 'roster' and o.superseded_by is null
  and exists (select 1 from staged_hr as h where h.period = o.period and h.leader_id = o.leader_id and h.metric = o.metric)
