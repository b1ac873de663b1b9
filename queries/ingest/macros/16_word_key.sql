-- macro word_key(word, salt): the salted hash a name word is matched by (never the word itself)
create or replace temp macro word_key(word, salt) as
    'w-' || left(sha256(salt || 'name word' || chr(31) || word), 20)
