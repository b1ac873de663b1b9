-- grain: one row: whether this connection already has the KPI staging views and macros (the
-- last one created, queries/staging/99_stg_ready.sql, is there; duckdb_views() is cheap to ask)
select count(*) > 0 from duckdb_views() where view_name = 'stg_ready' and temporary
