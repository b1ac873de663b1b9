-- macro pseudonym(x, salt): an id as given, or a salted hash when it is an e-mail address or a person's name (never stored);
-- a plain address hashes as it always has (sha256 of salt and the lower-case address), so earlier pseudonyms still link
create or replace temp macro pseudonym(x, salt) as
    case
        when plain_id(x) then id_clean(x)
        when email_key(x) is not null then 'anon-' || left(sha256(salt || email_key(x)), 20)
        when name_key(x) is not null then 'anon-' || left(sha256(salt || name_key(x)), 20)
        else id_clean(x)
    end
