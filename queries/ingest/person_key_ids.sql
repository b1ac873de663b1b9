-- grain: one row per person id of the lookup keys that is not a hash (close matches of an id are shown from these)
select distinct person_id from person_key where not starts_with(person_id, 'anon-') order by person_id
