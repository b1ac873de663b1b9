-- grain: one row per question answers can refer to: the current catalogue plus the questions a confirmed
-- mapping registers with this file (view file_question, only those not yet in the catalogue); id, version
-- (the import that stored it), match key, score range
create or replace temp table ref_question as
with known as (
    select question_id, scale, import_id
    from questions
    where superseded_by is null
    union all
    select f.question_id, f.scale, null::integer  -- registered by this import: its id, set on insert
    from file_question as f
    where not exists (
        select 1 from questions as q where q.superseded_by is null and token(q.question_id) = token(f.question_id)
    )
)

select
    question_id,
    import_id as question_import_id,
    token(question_id) as key,
    scale,
    $scale_low[list_position($scale_names, scale)] as lo,
    $scale_high[list_position($scale_names, scale)] as hi
from known
