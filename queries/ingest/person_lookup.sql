-- grain: one row per distinct person value of one field of the file (temp table person_given): the roster's people it
-- names through the id in "Name (ID)", its own id, its name's or address's pseudonym, or a word of its name
-- (equality joins only, so a large file against a large roster stays a hash join)
create or replace temp table person_resolved as
with given as (
    select
        given,
        id_clean(regexp_extract(given, '\(\s*([^()]*?)\s*\)\s*$', 1)) as paren,
        pseudonym(coalesce(clean(regexp_replace(given, '\s*\([^()]*\)\s*$', '')), given), $salt) as as_id,
        list_transform(name_words(coalesce(clean(regexp_replace(given, '\s*\([^()]*\)\s*$', '')), given)),
                       lambda word_: word_key(word_, $salt)) as words,
        needs_hash(given) as personal,
        email_key(given) is not null as email
    from person_given
),

hits as (
    select g.given, k.person_id, 'paren' as via
    from given as g join person_key as k on k.how = 'id' and k.key = g.paren
    union all
    select g.given, k.person_id, 'id'
    from given as g join person_key as k on k.how = 'id' and k.key = g.as_id
    union all
    select g.given, k.person_id, 'alias'
    from given as g join person_key as k on k.how = 'alias' and k.key = g.as_id
    union all
    select w.given, k.person_id, 'word'
    from (select given, unnest(words) as word from given) as w
    join person_key as k on k.how = 'word' and k.key = w.word
)

select
    g.given,
    any_value(g.paren) as paren,
    any_value(g.as_id) as as_id,
    bool_or(g.personal) as personal,
    bool_or(g.email) as email,
    list_sort(list(distinct h.person_id) filter (where h.via = 'paren')) as by_paren,
    list_sort(list(distinct h.person_id) filter (where h.via = 'id')) as by_id,
    list_sort(list(distinct h.person_id) filter (where h.via = 'alias')) as by_alias,
    list_sort(list(distinct h.person_id) filter (where h.via = 'word')) as by_word
from given as g
left join hits as h on h.given = g.given
group by g.given
