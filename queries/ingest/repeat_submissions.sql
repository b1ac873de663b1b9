-- grain: one row per repeat submission (up to $limit, in file order): its record and the record of the one kept
select rec, kept_rec from staged_repeat order by rec limit $limit
