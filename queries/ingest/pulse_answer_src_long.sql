-- grain: one row per answer row of a long pulse file (view src), with the record of its response
create or replace temp view answer_src as
select
    rec,
    min(rec) over (partition by clean(response_id)) as response_rec,
    clean(question_id) as question_given,
    null::varchar as header,
    score as answer
from src
