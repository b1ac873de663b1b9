-- grain: one row: how many rows of a table refer to one person without being theirs (a member naming them as leader)
select count(*) from {table} where {person_ref_match}
