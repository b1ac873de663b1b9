-- grain: one row per response of the file that the answers are staged and checked for: those kept and those a
-- repeat submission leaves out (their answers are checked, then dropped before storing: ingest/drop_left_out_answers)
create or replace temp view checked_response as
select * from staged_response
union all by name
select * from left_out_response
