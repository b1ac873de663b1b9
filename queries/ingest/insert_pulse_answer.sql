-- stores the staged answers (missing ones are not stored) with their response's attributes
insert into pulse_answer
select response_id, question_id, score, period, leader_id, rater_type, respondent_id,
       coalesce(question_import_id, $import_id), $import_id, rec, null
from staged_answer
where score is not null
