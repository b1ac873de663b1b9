-- grain: one row per current leader with a cohort (the roster as the cohort aggregates see it)
create or replace temp table agg_leader_cohort as
select person_id as leader_id, any_value(cohort) as cohort
from roster
where superseded_by is null and role = 'leader' and cohort is not null
group by person_id
