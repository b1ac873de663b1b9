-- numbers the question versions in question_version_src (the staged answers', or an earlier version's
-- answer table's) that have no number yet; a version not given is import $import_id's (a question the
-- file being imported defines)
insert into answer_question
select
    (select coalesce(max(question_no), 0) from answer_question)
        + row_number() over (order by question_id, question_import_id),
    question_id,
    question_import_id
from (
    select distinct question_id, coalesce(question_import_id, $import_id) as question_import_id
    from question_version_src
) as s
where not exists (
    select 1 from answer_question as q
    where q.question_id = s.question_id and q.question_import_id is not distinct from s.question_import_id
)
