-- grain: one row per current question: id, text, scale
select question_id, text, scale from questions where superseded_by is null order by question_id
