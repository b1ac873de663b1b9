-- grain: one row per stored answer (every version), with its response's attributes and lineage:
-- the answers as every reader sees them, over the compact store (pulse_score) its response
-- (pulse_response) and its question version (answer_question). An answer is replaced, undone,
-- erased and retained with its response. Made after dashboard/store/db.py moved an earlier
-- version's answer table into the compact store (queries/compact_answers)
create or replace view pulse_answer as
select
    r.response_id,
    q.question_id,
    s.score,
    r.period,
    r.leader_id,
    r.rater_type,
    r.respondent_id,
    q.question_import_id,
    r.import_id,
    r.source_row,
    r.superseded_by
from pulse_score as s
join pulse_response as r on r.response_no = s.response_no
join answer_question as q on q.question_no = s.question_no
