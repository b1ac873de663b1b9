-- grain: one row: how many record × field problems the staged table behind view checked has
select count(*)
from (
    unpivot (select rec, columns('^err__') from checked)
    on columns('^err__')
    into name field value code
)
