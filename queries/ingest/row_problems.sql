-- grain: one row per record × field with a problem in the staged table behind view checked
select rec, substr(field, 6) as field, code, cell_header
from (
    unpivot (select rec, cell_header, columns('^err__') from checked)
    on columns('^err__')
    into name field value code
)
order by rec, field
limit $limit
