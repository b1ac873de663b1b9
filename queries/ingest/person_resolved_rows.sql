-- grain: one row per distinct person value looked up in the roster (temp table person_resolved)
select given, paren, as_id, personal, email, by_paren, by_id, by_alias, by_word
from person_resolved
order by given
