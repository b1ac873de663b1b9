-- grain: one row per leader × period × impact metric in the filtered cohorts, arms and months
select m.*
from stg_impact_leader_period as m
where picked($cohorts, m.cohort)
  and picked($arms, m.arm)
  and in_range(m.period, $period_from, $period_to)
