-- grain: one row per program leader in scope: their cohort, whether it had started training by
-- the end of the filtered months (--to, else the last month with measured data: never today's
-- date), and their team's average monthly interactions and headcount over the filtered months
with range_end as (
    select last_day(strptime(coalesce(nullif($period_to, ''), max(period)), '%Y-%m')) as day
    from impact_leader_period($min_group)
),

started as (
    select cohort
    from stg_schedule
    group by cohort
    having min(start_date) <= (select day from range_end)
),

leaders as (
    select leader_id, cohort
    from stg_leader
    where arm = 'program' and picked($cohorts, cohort)
),

per_team as (
    select
        leader_id,
        avg(interactions) as interactions,
        avg(headcount) as headcount
    from stg_team_month
    where leader_id in (select leader_id from leaders)
      and in_range(period, $period_from, $period_to)
    group by leader_id
)

select
    l.leader_id,
    l.cohort,
    l.cohort in (select cohort from started) as started,
    coalesce(t.interactions, 0) as monthly_interactions,
    coalesce(t.headcount, 0) as headcount
from leaders as l
left join per_team as t on t.leader_id = l.leader_id
order by l.leader_id
