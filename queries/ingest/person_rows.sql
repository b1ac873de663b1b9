-- grain: one row per record of the file (view person_values: rec, v) whose person value is one of $values
select rec, clean(v) as given
from person_values
where list_contains($values, clean(v))
order by rec
limit $limit
