-- marks the stored rubric rows that the file being imported replaces (same assessed_at × leader_id × module_id × assessor_type × assessor_id × dimension)
update rubric
set superseded_by = $import_id
where superseded_by is null
  and exists (select 1 from staged as s where s.assessed_at = rubric.assessed_at and s.leader_id = rubric.leader_id and s.module_id = rubric.module_id and s.assessor_type = rubric.assessor_type and coalesce(s.assessor_id, '') = coalesce(rubric.assessor_id, '') and s.dimension = rubric.dimension)
