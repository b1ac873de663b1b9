-- grain: one row per answer row of a long pulse file (view src), with the record of its response
-- and that response's typed attributes (a response kept or left out by a repeat submission: view checked_response)
create or replace temp view answer_src as
with answers as (
    select
        rec,
        min(rec) over (partition by clean(response_id)) as response_rec,
        clean(question_id) as question_given,
        token(question_id) as question_key,
        score as answer
    from src
)

select
    a.rec,
    a.response_rec,
    a.question_given,
    a.question_key,
    null::varchar as header,
    a.answer,
    r.response_id,
    r.period,
    r.leader_id,
    r.rater_type,
    r.respondent_id
from answers as a
join checked_response as r on r.rec = a.response_rec
