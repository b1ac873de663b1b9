-- macro name_words(x): the words of a person's name (or of a one-word value such as "Dana"), folded and lower case,
-- two letters or more; empty for an e-mail address or an id with digits
create or replace temp macro name_words(x) as
    list_filter(
        string_split(lower(coalesce(name_key(x), case
            when regexp_full_match(coalesce(id_fold(x), ''), '\p{L}[\p{L}''’.-]+') then id_fold(x)
        end, '')), ' '),
        lambda word_: length(word_) >= 2
    )
