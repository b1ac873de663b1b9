-- marks the stored questions rows that the file being imported replaces (same question_id)
update questions
set superseded_by = $import_id
where superseded_by is null
  and exists (select 1 from staged as s where s.question_id = questions.question_id)
