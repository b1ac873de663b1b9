-- marks the stored outcomes rows that the file being imported replaces (same period × leader_id × metric)
update outcomes
set superseded_by = $import_id
where superseded_by is null
  and exists (select 1 from staged as s where s.period = outcomes.period and s.leader_id = outcomes.leader_id and s.metric = outcomes.metric)
