-- grain: one row per cohort: its arm (the most common among its leaders) and number of leaders
create or replace temp view stg_cohort as
select cohort, mode(arm) as arm, count(*) as n_leaders
from stg_leader
where cohort is not null
group by cohort
