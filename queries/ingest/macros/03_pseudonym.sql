-- macro pseudonym(x, salt): an id as given, or a salted hash when it is an e-mail address (never stored)
create or replace temp macro pseudonym(x, salt) as
    case
        when contains(x, '@') then 'anon-' || left(sha256(salt || lower(clean(x))), 20)
        else clean(x)
    end
