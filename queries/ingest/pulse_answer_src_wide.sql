-- grain: one row per non-empty answer cell of a wide pulse file (question columns q__N of the staged
-- responses, kept or left out by a repeat submission: view checked_response), with its response's typed attributes
create or replace temp view answer_src as
select
    u.rec,
    u.rec as response_rec,
    w.target as question_given,
    w.key as question_key,
    w.header,
    u.answer,
    u.response_id,
    u.period,
    u.leader_id,
    u.rater_type,
    u.respondent_id
from (
    unpivot (select rec, response_id, period, leader_id, rater_type, respondent_id, columns('^q__') from checked_response)
    on columns('^q__')
    into name col value answer
) as u
join ref_wide_column as w on w.col = u.col
