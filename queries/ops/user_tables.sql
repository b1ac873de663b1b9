-- grain: one row per table of the database (not temporary), with its column names in order
select t.table_name, list(c.column_name order by c.column_index) as columns
from duckdb_tables() as t
join duckdb_columns() as c on c.table_oid = t.table_oid
where not t.temporary and t.schema_name = 'main'
group by t.table_name
order by t.table_name
