-- grain: one row per current team member: their leader and employment dates
create or replace temp view stg_member as
select
    person_id,
    any_value(leader_id) as leader_id,
    any_value(cohort) as cohort,
    any_value(hire_date) as hire_date,
    any_value(exit_date) as exit_date,
    any_value(exit_reason) as exit_reason
from roster
where superseded_by is null and role = 'member'
group by person_id
