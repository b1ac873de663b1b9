-- grain: one row: an id as it is stored (itself, or the salted hash of an e-mail address or a name)
select pseudonym($value, $salt)
