-- grain: one row: for the program leaders in scope, how many teams report outcomes, their
-- combined average monthly interactions and their combined average headcount
with per_team as (
    select
        leader_id,
        avg(interactions) as interactions,
        avg(headcount) as headcount
    from stg_team_month
    where arm = 'program'
      and picked($cohorts, cohort)
      and in_range(period, $period_from, $period_to)
    group by leader_id
)

select
    count(*) as teams,
    coalesce(sum(interactions), 0) as monthly_interactions,
    coalesce(sum(headcount), 0) as headcount,
    (select count(*) from stg_leader where arm = 'program' and picked($cohorts, cohort)) as leaders
from per_team
