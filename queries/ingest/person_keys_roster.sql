-- grain: one row per key a person is found by while a roster file is imported: the people of this file (view src:
-- their person id, name, e-mail and name words) and the stored roster's people this file does not list
create or replace temp table person_key as
with file_people as (
    select
        pseudonym(person_id, $salt) as person_id,
        match_keys(coalesce(clean(name), nullif(concat_ws(' ', clean(first_name), clean(last_name)), '')),
                   email, $salt) as keys
    from src
    where clean(person_id) is not null
),

people as (
    select person_id, any_value(keys) as keys from file_people group by person_id
    union all
    select person_id, coalesce(any_value(match_keys), [])
    from roster
    where superseded_by is null and person_id not in (select person_id from file_people)
    group by person_id
)
select person_id as key, person_id, 'id' as how from people
union all
select key, person_id, case when starts_with(key, 'w-') then 'word' else 'alias' end
from (select person_id, unnest(keys) as key from people)
