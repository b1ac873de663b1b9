-- grain: one row: whether this connection already has the KPI staging views (the last one created)
select count(*) > 0 from duckdb_views() where view_name = 'stg_impact_leader_period' and temporary
