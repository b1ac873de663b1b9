-- grain: one row: the pseudonym versions before the key file gave an id holding '@' (sha256 of the salt and the id as written, lower case)
select case when contains($value, '@') then 'anon-' || left(sha256($salt || lower(id_clean($value))), 20) end
