-- grain: one row: how many people the lookup keys (temp table person_key) describe
select count(distinct person_id) from person_key
