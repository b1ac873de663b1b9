-- grain: one row per current leader in the roster: the person id as a token (a column whose values are all leader ids holds the leader)
select distinct token(person_id) from roster where superseded_by is null and role = 'leader'
