-- table macro visible_answers(k): one row per eligible answer in a base cell visible at k
-- (pulse_cells: others' cells with k or more distinct respondents; self answers): the only
-- answers any pulse figure — value or count, table, window, trend or target — is built from,
-- so two figures can only ever differ by visible cells
create or replace temp macro visible_answers(k) as table
select a.*
from gated_answer as a
semi join (select * from pulse_cells(k) where visible) as c
    on c.leader_id = a.leader_id
   and c.period = a.period
   and c.rater_group = a.rater_group
   and c.question_id = a.question_id
   and c.question_import_id = a.question_import_id
