-- grain: one row: whether this database has been set up (the migrations table exists)
select count(*) > 0 from duckdb_tables() where table_name = 'schema_migrations' and not temporary
