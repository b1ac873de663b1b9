-- macro is_missing(x, tokens): empty, an N/A-like word, or a negative "no basis" code: a missing answer, never zero
create or replace temp macro is_missing(x, tokens) as
    case
        when clean(x) is null then true
        when try_cast(clean(x) as double) is not null then try_cast(clean(x) as double) < 0
        else list_contains(tokens, token(x))
    end
