-- grain: one row per current response, with the rated leader's cohort and arm
create or replace temp view stg_pulse_response as
select
    r.response_id,
    r.submitted_at,
    r.period,
    r.respondent_id,
    r.rater_type,
    case when r.rater_type = 'self' then 'self' else 'others' end as rater_group,
    r.leader_id,
    l.cohort,
    coalesce(l.arm, 'program') as arm,
    r.comment
from pulse_response as r
left join stg_leader as l on l.leader_id = r.leader_id
where r.superseded_by is null
