-- stores the staged answers (missing ones are not stored) with their response's attributes
insert into pulse_answer
select r.response_id, a.question_id, a.score, r.period, r.leader_id, r.rater_type, r.respondent_id,
       coalesce(a.question_import_id, $import_id), $import_id, a.rec, null
from staged_answer as a
join staged_response as r on r.rec = a.response_rec
where a.score is not null
