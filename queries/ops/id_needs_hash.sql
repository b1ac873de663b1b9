-- grain: one row: whether an id is stored only as a salted hash (an e-mail address or a person's name)
select needs_hash($value)
