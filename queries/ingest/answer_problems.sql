-- grain: one row per answer with a problem: record, column header and problem code
select rec, header, err__answer as code
from staged_answer
where err__answer is not null
order by rec, header
limit $limit
