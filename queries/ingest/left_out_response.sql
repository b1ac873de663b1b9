-- grain: none yet: the staged responses a repeat submission leaves out (same respondent, leader and month
-- as the one kept, in this file or stored), moved here from staged_response so that their cells are still
-- checked like every other row before anything is stored (ingest/keep_*_submissions fill it)
create or replace temp table left_out_response as
select * from staged_response limit 0
