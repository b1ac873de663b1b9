-- grain: one row per current answer by an eligible respondent, scored (stg_pulse_answer): this
-- connection's own copy (empty here, filled by queries/gated), made only where the database's
-- copy cannot be used (a read-only connection to a database whose copy is missing or stale); it
-- shadows the stored gated_answer for this connection alone
create temp table gated_answer as
select * from stg_pulse_answer limit 0
