-- grain: one row: whether this database can keep KPI tables (schema 026)
select count(*) > 0 from duckdb_tables() where table_name = 'kpi_frame' and not temporary
