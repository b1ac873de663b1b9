-- table macro pulse_cells(k): one row per base cell of the pulse — leader × month × rater group
-- (others, self) × question version — with n = its distinct eligible respondents and whether it
-- is visible on its own at minimum group size k (visible_at; self cells are the leader's own and
-- always visible to HR, never pooled into others' figures). The one place a pulse cell is judged:
-- every figure is built from the answers of visible cells (visible_answers) and only learns that
-- hidden ones exist (hidden_cells), never their n or their answers.
create or replace temp macro pulse_cells(k) as table
select *, rater_group = 'self' or visible_at(n, k) as visible
from (
    select
        leader_id,
        cohort,
        arm,
        period,
        rater_group,
        question_id,
        question_import_id,
        any_value(scale) as scale,
        any_value(scale_kind) as scale_kind,
        count(distinct respondent_id) as n
    from stg_pulse_answer
    group by leader_id, cohort, arm, period, rater_group, question_id, question_import_id
)
