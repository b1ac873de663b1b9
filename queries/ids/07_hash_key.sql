-- macro hash_key(x): what an id is hashed from: its address (email_key), else the name it is (name_key); null for an id
-- kept as given. Plain ids (letters, digits, '_', '.', '-') take the quick path.
create or replace temp macro hash_key(x) as
    case
        when plain_id(x) then null
        else coalesce(email_key(x), name_key(x))
    end
