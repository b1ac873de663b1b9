-- grain: one row per stored version of a question (each import of it that was not undone)
create or replace temp view stg_question_version as
select
    question_id,
    import_id as question_import_id,
    text,
    scale,
    dense_rank() over (partition by question_id order by import_id) as version
from questions
