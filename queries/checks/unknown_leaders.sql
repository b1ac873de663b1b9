-- check: rows that name a leader who is not a leader on the roster (they cannot be given a cohort)
-- grain: one row per kind × leader id
select kind, leader_id, count(*) as rows
from (
    select 'pulse' as kind, leader_id from pulse_response where superseded_by is null
    union all select 'rubric', leader_id from rubric where superseded_by is null
    union all select 'outcomes', leader_id from outcomes where superseded_by is null
)
where leader_id not in (select leader_id from stg_leader)
group by kind, leader_id
order by kind, leader_id
