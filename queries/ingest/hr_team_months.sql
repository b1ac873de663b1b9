-- grain: one row per leader's team × month × metric (headcount, voluntary_exits) derived from the current roster for
-- the months $first_month..$last_month: headcount = members of the leader's team employed on any day of the month
-- (hired on or before its last day, not left before its first), voluntary_exits = members whose voluntary exit falls
-- in the month. Only leaders named by the roster file just staged ($import_id's rows) are derived.
create or replace temp table staged_hr as
with months as (
    select strftime(m, '%Y-%m') as period, cast(m as date) as first_day,
           cast(m + interval 1 month - interval 1 day as date) as last_day
    from range(cast($first_month as date), cast($last_month as date) + interval 1 day, interval 1 month) as t(m)
),

current as (
    select person_id, role, leader_id, hire_date, exit_date, exit_reason
    from roster
    where superseded_by is null
),

leaders as (
    select distinct person_id as leader_id from staged where role = 'leader'
    union
    select distinct leader_id from staged where leader_id is not null
),

team_months as (
    select
        mo.period,
        l.leader_id,
        count(*) filter (
            where c.person_id is not null
              and coalesce(c.hire_date, mo.last_day) <= mo.last_day
              and coalesce(c.exit_date, mo.first_day) >= mo.first_day
        ) as headcount,
        count(*) filter (
            where c.exit_reason = 'voluntary' and c.exit_date between mo.first_day and mo.last_day
        ) as voluntary_exits
    from leaders as l
    cross join months as mo
    left join current as c on c.leader_id = l.leader_id and c.role = 'member'
    group by mo.period, l.leader_id
)

select u.period, u.leader_id, u.metric, cast(u.value as double) as value
from (
    unpivot (select * from team_months where headcount > 0)
    on headcount, voluntary_exits
    into name metric value value
) as u
