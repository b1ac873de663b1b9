-- grain: one row: whether this connection already has the KPI staging views and macros (the last ones created)
select
    (select count(*) > 0 from duckdb_functions() where function_name = 'impact_leader_period')
    and (select count(*) > 0 from duckdb_functions() where function_name = 'rubric_ratings')
