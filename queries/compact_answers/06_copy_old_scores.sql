-- copies an earlier version's answers (pulse_answer_old) into the compact store, each linked to the
-- response version it was stored with (same response id and import)
insert into pulse_score
select r.response_no, q.question_no, a.score
from pulse_answer_old as a
join pulse_response as r on r.response_id = a.response_id and r.import_id = a.import_id
join answer_question as q
    on q.question_id = a.question_id and q.question_import_id is not distinct from a.question_import_id
