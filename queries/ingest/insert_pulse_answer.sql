-- stores the staged answers (missing ones are not stored) in the compact store, linked to the response
-- just stored under the new import and to their question version's number
insert into pulse_score
select r.response_no, q.question_no, a.score
from staged_answer as a
join pulse_response as r on r.import_id = $import_id and r.response_id = a.response_id
join answer_question as q
    on q.question_id = a.question_id
    and q.question_import_id is not distinct from coalesce(a.question_import_id, $import_id)
where a.score is not null
