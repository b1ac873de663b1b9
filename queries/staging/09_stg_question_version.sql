-- grain: one row per stored version of a question (each import of it that was not undone)
create or replace temp view stg_question_version as
select
    question_id,
    import_id as question_import_id,
    text,
    scale,
    reverse_scored,
    case scale when 'likert7' then 7 when 'nps11' then 10 else 5 end as scale_max,
    case scale when 'nps11' then 0 else 1 end as scale_min,
    dense_rank() over (partition by question_id order by import_id) as version
from questions
