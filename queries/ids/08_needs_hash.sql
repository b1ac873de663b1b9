-- macro needs_hash(x): an id that is stored only as a salted hash: an e-mail address in any spelling, or a person's name
create or replace temp macro needs_hash(x) as
    hash_key(x) is not null
