-- grain: one row per current question: its id, match key and valid score range
create or replace temp table ref_question as
select
    question_id,
    import_id as question_import_id,
    token(question_id) as key,
    scale,
    $scale_low[list_position($scale_names, scale)] as lo,
    $scale_high[list_position($scale_names, scale)] as hi
from questions
where superseded_by is null
