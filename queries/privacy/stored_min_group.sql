-- grain: one row (or none): the minimum group size an admin stored (the meta key the KPI settings write)
select value from meta where key = 'min_group'
