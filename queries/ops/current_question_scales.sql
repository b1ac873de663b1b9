-- grain: one row per current question: id, text, scale and its own answer labels (JSON), to match survey-tool columns
select question_id, text, scale, label_map::varchar as label_map
from questions
where superseded_by is null
order by question_id
