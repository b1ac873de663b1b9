-- grain: gated_answer (one row per eligible scored answer) gains the answer as it enters a
-- pooled mean (on its scale, or on percent of its scale's range), for a database whose copy
-- predates it
alter table gated_answer add column if not exists pooled_score double
