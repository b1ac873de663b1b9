-- grain: one row per answer in the pulse file being imported (view answer_src): the score on
-- the question's scale (labels and numbers), missing answers flagged, err__ checks, and the
-- response's attributes (so storing the answers needs no join)
create or replace temp table staged_answer as
with cells as (
    select a.*, clean(a.answer) as text, try_cast(clean(a.answer) as double) as plain_number
    from answer_src as a
),

read as (
    select
        c.*,
        q.question_id,
        q.question_import_id,
        q.scale,
        q.lo,
        q.hi,
        case
            when c.text is null then true
            when c.plain_number is not null then c.plain_number < 0
            else list_contains($missing, token(c.answer))
        end as missing,
        coalesce(c.plain_number, answer_number(c.answer)) as number,
        -- whole numbers look themselves up (a question's own labels may recode them); text by token
        case
            when c.plain_number is not null and c.plain_number = floor(c.plain_number)
                then cast(cast(c.plain_number as bigint) as varchar)
            else token(c.answer)
        end as label_key
    from cells as c
    left join ref_question as q on q.key = c.question_key
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
    response_id,
    period,
    leader_id,
    rater_type,
    respondent_id,
    missing,
    text as answer_text,
    case when not missing and value = floor(value) and value between lo and hi then cast(value as tinyint) end as score,
    case
        when question_id is null then problem('unknown_question', question_given)
        when missing then null
        when value is null then problem('bad_answer', scale)
        when value <> floor(value) then problem('not_whole', scale)
        when value < lo or value > hi then problem('out_of_range', scale)
    end as err__answer
from scored
