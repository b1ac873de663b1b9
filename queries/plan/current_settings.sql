-- grain: one row per current cadence setting
select name, value from plan_setting where superseded_by is null order by name
