-- grain: one row per cohort on the current roster: its arm (the most common among its leaders)
select cohort, mode(arm) as arm
from roster
where superseded_by is null and role = 'leader' and cohort is not null
group by cohort
order by arm desc, cohort
