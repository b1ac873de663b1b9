-- grain: one row per cohort × module × activity: the cohort's leaders expected to take part
-- (those of cohorts scheduled for the module) and how many completed the activity at least once.
-- A period range picks the modules running in it (started by its end, not ended before its
-- start) and counts completions made by its end ("as of" the range's last month).
with expected as (
    select s.cohort, s.module_id, l.leader_id as person_id
    from stg_schedule as s
    join stg_leader as l on l.cohort = s.cohort
    where ($period_to = '' or strftime(s.start_date, '%Y-%m') <= $period_to)
      and ($period_from = '' or strftime(s.end_date, '%Y-%m') >= $period_from)
),

activities as (
    select unnest(['microlearning', 'live_practice', 'coaching']) as activity
),

done as (
    select distinct person_id, module_id, activity
    from stg_activity
    where completed
      -- a completion without a date counts: it cannot be placed after the range
      and ($period_to = '' or coalesce(strftime(completed_at, '%Y-%m') <= $period_to, true))
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
