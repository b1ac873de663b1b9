-- grain: one row per current rubric rating (assessment × dimension) with the leader's cohort and arm
create or replace temp view stg_rubric as
select
    r.assessed_at,
    strftime(r.assessed_at, '%Y-%m') as period,
    r.leader_id,
    r.module_id,
    r.assessor_type,
    r.assessor_id,
    r.dimension,
    r.level,
    l.cohort,
    coalesce(l.arm, 'program') as arm
from rubric as r
left join stg_leader as l on l.leader_id = r.leader_id
where r.superseded_by is null and r.level is not null
