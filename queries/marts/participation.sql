-- grain: one row per cohort × module × activity: the cohort's leaders expected to take part
-- (those of cohorts scheduled for the module) and how many completed the activity at least once
with expected as (
    select s.cohort, s.module_id, l.leader_id as person_id
    from stg_schedule as s
    join stg_leader as l on l.cohort = s.cohort
),

activities as (
    select unnest(['microlearning', 'live_practice', 'coaching']) as activity
),

done as (
    select distinct person_id, module_id, activity
    from stg_activity
    where completed
)

select
    e.cohort,
    e.module_id,
    a.activity,
    count(distinct e.person_id) as n_people,
    count(distinct d.person_id) as n_completed,
    100.0 * count(distinct d.person_id) / count(distinct e.person_id) as completion_pct
from expected as e
cross join activities as a
left join done as d
    on d.person_id = e.person_id and d.module_id = e.module_id and d.activity = a.activity
where picked($cohorts, e.cohort)
  and picked($modules, e.module_id)
  and (select count(*) from stg_activity) > 0
group by e.cohort, e.module_id, a.activity
order by e.cohort, e.module_id, list_position(['microlearning', 'live_practice', 'coaching'], a.activity)
