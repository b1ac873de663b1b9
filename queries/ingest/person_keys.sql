-- grain: one row per key a person of the current roster is found by: their person id ('id'), or a match key
-- ('alias': the pseudonym of their name or e-mail address; 'word': the key of one word of their name)
create or replace temp table person_key as
with people as (
    select person_id, coalesce(any_value(match_keys), []) as keys
    from roster
    where superseded_by is null
    group by person_id
)
select person_id as key, person_id, 'id' as how from people
union all
select key, person_id, case when starts_with(key, 'w-') then 'word' else 'alias' end
from (select person_id, unnest(keys) as key from people)
