-- grain: one row per current outcome value (leader's team × month × metric) with cohort and arm
create or replace temp view stg_outcomes as
select
    o.period,
    o.leader_id,
    o.metric,
    o.value,
    l.cohort,
    coalesce(l.arm, 'program') as arm
from outcomes as o
left join stg_leader as l on l.leader_id = o.leader_id
where o.superseded_by is null
