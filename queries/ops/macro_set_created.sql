-- grain: one row: whether the temp macro set $name is already on this connection
select count(*) > 0 from macro_set where name = $name
