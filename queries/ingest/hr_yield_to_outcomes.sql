-- an outcomes file wins over the headcount and exits an HR employee list derived: marks those derived rows for the same
-- leader, month and metric as replaced by import $import_id (undoing the outcomes file brings them back); -2 while the
-- new import has no id yet (see hr_claim_yielded)
update outcomes as o
set superseded_by = $import_id
from import_log as l
where l.import_id = o.import_id and l.kind = 'roster' and o.superseded_by is null
  and exists (select 1 from staged as s where s.period = o.period and s.leader_id = o.leader_id and s.metric = o.metric
              and not s.not_applicable)
