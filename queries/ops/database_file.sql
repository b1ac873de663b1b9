-- grain: one row: the file of the connection's current database (null for an in-memory one)
select path from duckdb_databases() where database_name = current_database()
