-- numbers the question versions of an earlier version's answer table (pulse_answer_old) that have no
-- number yet
insert into answer_question
select
    (select coalesce(max(question_no), 0) from answer_question)
        + row_number() over (order by question_id, question_import_id),
    question_id,
    question_import_id
from (select distinct question_id, question_import_id from pulse_answer_old) as o
where not exists (
    select 1 from answer_question as q
    where q.question_id = o.question_id and q.question_import_id is not distinct from o.question_import_id
)
