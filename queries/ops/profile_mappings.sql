-- grain: one row per saved import profile: its name and mapping as JSON text
select name, mapping::varchar as mapping from import_profile order by name
