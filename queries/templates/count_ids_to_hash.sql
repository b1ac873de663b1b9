-- grain: one row: how many rows of a table hold an id that is an e-mail address or a person's name in clear
select count(*) from {table} where {ids_need_hash}
