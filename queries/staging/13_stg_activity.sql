-- grain: one row per current LMS activity record with the person's cohort (leaders take the training)
create or replace temp view stg_activity as
select
    a.person_id,
    a.module_id,
    a.activity,
    a.completed_at,
    a.minutes,
    a.status,
    a.status = 'completed' as completed,
    p.cohort,
    p.arm
from activity as a
left join (
    select person_id, any_value(cohort) as cohort, any_value(arm) as arm
    from roster where superseded_by is null group by person_id
) as p on p.person_id = a.person_id
where a.superseded_by is null
