-- grain: one row: how many records of the staged table $table have any problem
select count(*)
from (select coalesce(*columns('^err__')) as first_problem from query_table($table))
where first_problem is not null
