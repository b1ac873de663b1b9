-- grain: one row: how many answers have a problem
select count(*) from staged_answer where err__answer is not null
