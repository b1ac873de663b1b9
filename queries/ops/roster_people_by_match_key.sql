-- grain: one row per person id a roster row (current or replaced) is found by through one of the match keys in
-- $keys (the salted hash of an e-mail address or a full name the roster's email and name columns gave)
select distinct person_id
from roster
where list_has_any(coalesce(match_keys, []), $keys)
order by person_id
