-- table macro hidden_cells(k): one row per base cell of others' answers that is hidden at k (fewer
-- than k distinct eligible respondents, at least one): its key and scale only — no count, no answer
-- — so a figure can say that some small groups are not included without saying which or how many
create or replace temp macro hidden_cells(k) as table
select leader_id, cohort, arm, period, question_id, question_import_id, scale, scale_kind
from pulse_cells(k)
where not visible
