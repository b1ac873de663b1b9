-- grain: one row: how many record × field problems the staged table $table has
select count(*)
from (
    unpivot (select rec, columns('^err__') from query_table($table))
    on columns('^err__')
    into name field value code
)
