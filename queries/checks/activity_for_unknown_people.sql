-- check: LMS activity for people who are not on the roster
-- grain: one row per person
select person_id, count(*) as records
from stg_activity
where cohort is null
group by person_id
order by person_id
