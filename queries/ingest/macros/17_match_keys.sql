-- macro match_keys(name, email, salt): what a roster row is found by besides its person_id: the pseudonym of the
-- person's name and of their e-mail address, and the key of each name word (for close matches); all salted hashes
create or replace temp macro match_keys(name, email, salt) as
    list_distinct(list_filter(
        [case when name_key(name) is not null then pseudonym(name, salt) end,
         case when email_key(email) is not null then pseudonym(email, salt) end]
        || list_transform(name_words(name), lambda word_: word_key(word_, salt)),
        lambda key_: key_ is not null
    ))
