-- grain: one row: how many people of the lookup keys (temp table person_key) can be found by name or e-mail
select count(distinct person_id) from person_key where how = 'alias'
