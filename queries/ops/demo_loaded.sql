-- grain: one row: whether any active import came from the demo data set
select count(*) > 0 from import_log where source = 'demo' and status = 'active'
