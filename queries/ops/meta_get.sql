-- grain: one row (or none): the value of one setting kept in the database
select value from meta where key = $key
