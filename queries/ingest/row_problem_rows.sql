-- grain: one row: how many records of the staged table behind view checked have any problem
select count(*)
from (select coalesce(*columns('^err__')) as first_problem from checked)
where first_problem is not null
