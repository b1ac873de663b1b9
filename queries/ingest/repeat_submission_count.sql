-- grain: one row: how many staged responses repeat an earlier (or later) submission of the same respondent
select count(*) from staged_repeat
