-- grain: one row: for the program leaders in scope whose cohort has started training (its
-- first module began by the end of the period range, or by today), how many there are, how
-- many teams report outcomes, their combined average monthly interactions and headcount
with range_end as (
    select coalesce(last_day(try_strptime($period_to, '%Y-%m')), current_date) as day
),

started as (
    select cohort
    from stg_schedule
    group by cohort
    having min(start_date) <= (select day from range_end)
),

leaders as (
    select leader_id
    from stg_leader
    where arm = 'program' and picked($cohorts, cohort) and cohort in (select cohort from started)
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
    count(*) as teams,
    coalesce(sum(interactions), 0) as monthly_interactions,
    coalesce(sum(headcount), 0) as headcount,
    (select count(*) from leaders) as leaders
from per_team
