-- grain: one row per answer in the pulse file being imported (view answer_src): the score on
-- the question's scale (labels and numbers), missing answers flagged, err__ checks
create or replace temp table staged_answer as
with read as (
    select
        a.rec,
        a.response_rec,
        a.header,
        a.question_given,
        q.question_id,
        q.question_import_id,
        q.scale,
        q.lo,
        q.hi,
        is_missing(a.answer, $missing) as missing,
        answer_number(a.answer) as number,
        token(a.answer) as label_key
    from answer_src as a
    left join ref_question as q on q.key = token(a.question_given)
),

scored as (
    -- a question's own labels first (they may recode numbers), then the number, then the scale's labels
    select r.*, coalesce(case when l.custom then l.value end, r.number, l.value) as value
    from read as r
    left join ref_answer_label as l on l.question_id = r.question_id and l.label = r.label_key
)

select
    rec,
    response_rec,
    header,
    question_id,
    question_import_id,
    missing,
    case when not missing and value = floor(value) and value between lo and hi then cast(value as tinyint) end as score,
    case
        when question_id is null then problem('unknown_question', question_given)
        when missing then null
        when value is null then problem('bad_answer', scale)
        when value <> floor(value) then problem('not_whole', scale)
        when value < lo or value > hi then problem('out_of_range', scale)
    end as err__answer
from scored
