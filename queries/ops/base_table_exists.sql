-- grain: one row: whether the database holds a (stored, not temporary) table named $table — not a view
select count(*) > 0 from duckdb_tables() where table_name = $table and not temporary and schema_name = 'main'
