-- table macro pulse_cells(k): one row per base cell of the pulse — leader × month × rater group
-- (others, self) × question version — with n = its distinct eligible respondents (gated_cell) and
-- whether it is visible on its own at minimum group size k (visible_at; self cells are the
-- leader's own and always visible to HR, never pooled into others' figures). The one place a
-- pulse cell is judged: every figure is built from the answers of visible cells (visible_answers)
-- and only learns that hidden ones exist (hidden_cells), never their n or their answers.
create or replace temp macro pulse_cells(k) as table
select *, rater_group = 'self' or visible_at(n, k) as visible
from gated_cell
