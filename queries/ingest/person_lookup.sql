-- grain: one row per distinct person value of one field of the file (temp table person_given): the roster's people it
-- names through the id in "Name (ID)", its own id, its name's or address's pseudonym, or a word of its name
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
)

select
    g.given,
    any_value(g.paren) as paren,
    any_value(g.as_id) as as_id,
    bool_or(g.personal) as personal,
    bool_or(g.email) as email,
    list_sort(list(distinct k.person_id) filter (where k.how = 'id' and k.key = g.paren)) as by_paren,
    list_sort(list(distinct k.person_id) filter (where k.how = 'id' and k.key = g.as_id)) as by_id,
    list_sort(list(distinct k.person_id) filter (where k.how = 'alias' and k.key = g.as_id)) as by_alias,
    list_sort(list(distinct k.person_id) filter (where k.how = 'word' and list_contains(g.words, k.key))) as by_word
from given as g
left join person_key as k on k.key = g.paren or k.key = g.as_id or list_contains(g.words, k.key)
group by g.given
