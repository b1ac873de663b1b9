-- grain: one row per (file's rater type, roster's rater type) pair that differ among the staged responses
select rater_type, rater_roster, count(*) as responses
from staged_response
where rater_type is not null and rater_roster is not null and rater_type <> rater_roster
group by all
order by responses desc, rater_type, rater_roster
