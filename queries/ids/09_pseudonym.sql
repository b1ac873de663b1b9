-- macro pseudonym(x, salt): an id as given, or a salted hash when it is an e-mail address or a person's name (never stored);
-- a plain address hashes as it always has (sha256 of salt and the lower-case address), so earlier pseudonyms still link
create or replace temp macro pseudonym(x, salt) as
    case
        when plain_id(x) then id_clean(x)
        else list_transform([hash_key(x)], lambda hashed_from_: case
            when hashed_from_ is null then id_clean(x)
            else 'anon-' || left(sha256(salt || hashed_from_), 20)
        end)[1]
    end
