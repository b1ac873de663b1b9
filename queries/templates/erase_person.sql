-- removes every row of a table that is one person's or about them (every version, current or replaced): an erasure
delete from {table} where {person_match}
