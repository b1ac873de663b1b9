-- grain: one row: answers in the pulse file that were N/A-like and are stored as missing
select count(*) from staged_answer where missing and err__answer is null
