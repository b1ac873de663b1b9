-- grain: one row per current KPI target stored in the database
select kpi, change, unit, note from targets where superseded_by is null order by kpi
