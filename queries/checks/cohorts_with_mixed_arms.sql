-- check: cohorts whose leaders are not all in the same arm (program / comparison)
-- grain: one row per cohort
select cohort, list(distinct arm order by arm) as arms, count(*) as leaders
from stg_leader
where cohort is not null
group by cohort
having count(distinct arm) > 1
order by cohort
