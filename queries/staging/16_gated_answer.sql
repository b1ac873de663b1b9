-- grain: one row per current answer by an eligible respondent, scored (stg_pulse_answer), kept on
-- this connection as of one data version (empty here; filled by queries/gated when a mart that
-- judges pulse cells first runs, and again whenever the data version changes), so the gated
-- macros read it once instead of scoring every answer in every mart
create or replace temp table gated_answer as
select * from stg_pulse_answer limit 0
