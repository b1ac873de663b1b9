-- grain: one row per schema file already applied
select name from schema_migrations order by name
