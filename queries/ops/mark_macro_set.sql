-- grain: one row added: the temp macro set $name is now on this connection
insert or ignore into macro_set values ($name)
