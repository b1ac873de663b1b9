-- grain: one row per non-empty answer cell of a wide pulse file (question columns q__N of view src)
create or replace temp view answer_src as
select
    u.rec,
    u.rec as response_rec,
    w.target as question_given,
    w.header,
    u.answer
from (
    unpivot (select rec, columns('^q__') from src)
    on columns('^q__')
    into name col value answer
) as u
join ref_wide_column as w on w.col = u.col
