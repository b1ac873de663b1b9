-- grain: one row: whether this connection already has the KPI staging views (the last one created)
select count(*) > 0 from duckdb_views() where view_name = 'stg_team_month' and temporary
