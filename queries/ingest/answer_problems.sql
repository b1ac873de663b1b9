-- grain: one row per answer with a problem: record, column header, problem code, question and
-- the answer as written (an answer outside the scale names its question and the fix)
select rec, header, err__answer as code, question_id, answer_text
from staged_answer
where err__answer is not null
order by rec, header
limit $limit
