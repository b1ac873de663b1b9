-- grain: one row: whether this connection opened the database read-only
select current_setting('access_mode') = 'read_only'
