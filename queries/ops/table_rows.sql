-- grain: one row: how many rows the table $table holds (bound by name: backups count every table)
select count(*) from query_table($table)
