-- table macro business_cells(k): one row per cohort × month with team outcomes: the teams'
-- combined headcount (each team's reported headcount, else its members on the roster that month)
-- and whether the cohort-month is visible at k (visible_at). Business outcomes are team numbers:
-- a small team is only ever pooled into its cohort, and a cohort-month of fewer than k people is
-- hidden and pooled into nothing.
create or replace temp macro business_cells(k) as table
with members as (
    select m.leader_id, p.period, count(distinct m.person_id) as members
    from stg_member as m
    join stg_period as p
        on (m.hire_date is null or m.hire_date <= p.period_end)
       and (m.exit_date is null or m.exit_date >= p.period_start)
    group by m.leader_id, p.period
),

teams as (
    select t.cohort, t.period, coalesce(t.headcount, m.members, 0) as headcount
    from stg_team_month as t
    left join members as m on m.leader_id = t.leader_id and m.period = t.period
)

select *, visible_at(headcount, k) as visible
from (select cohort, period, sum(headcount) as headcount from teams group by cohort, period)
