-- grain: one row: how many rows of a table are one person's or about them (every version), before an erasure
select count(*) from {table} where {person_match}
