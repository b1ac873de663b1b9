-- grain: one row per current leader: cohort and arm from the roster
create or replace temp view stg_leader as
select
    person_id as leader_id,
    any_value(cohort) as cohort,
    any_value(arm) as arm,
    any_value(team) as team
from roster
where superseded_by is null and role = 'leader'
group by person_id
