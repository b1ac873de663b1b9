-- numbers the question versions the staged answers were read with that have none yet (a question the
-- file defines is versioned by this import)
insert into answer_question
select
    (select coalesce(max(question_no), 0) from answer_question)
        + row_number() over (order by question_id, question_import_id),
    question_id,
    question_import_id
from (
    select distinct question_id, coalesce(question_import_id, $import_id) as question_import_id
    from staged_answer
    where score is not null
) as s
where not exists (
    select 1 from answer_question as q
    where q.question_id = s.question_id and q.question_import_id is not distinct from s.question_import_id
)
