-- macro visible_at(n, k): whether a cell of n distinct respondents may be shown, or pooled into
-- a figure, at minimum group size k (no count is no cell); the one privacy test of the SQL side,
-- as dashboard.kpi.privacy.visible is of the Python side
create or replace temp macro visible_at(n, k) as
    coalesce(n, 0) >= k
