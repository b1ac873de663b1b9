-- keeps the staged responses in $recs (left out: a stored submission of the same respondent, leader and month is
-- kept) for the checks, before they are dropped
insert into left_out_response
select * from staged_response where list_contains($recs, rec)
