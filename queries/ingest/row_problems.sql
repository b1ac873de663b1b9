-- grain: one row per record × field with a problem in the staged table $table
select rec, substr(field, 6) as field, code, cell_header
from (
    unpivot (select rec, cell_header, columns('^err__') from query_table($table))
    on columns('^err__')
    into name field value code
)
order by rec, field
limit $limit
