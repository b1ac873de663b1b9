-- grain: one row per leader × period × impact metric in the filtered cohorts, arms and months,
-- from the cells visible at $min_group (impact_leader_period; excluded = a hidden cell was left out)
select m.*
from impact_leader_period($min_group) as m
where picked($cohorts, m.cohort)
  and picked($arms, m.arm)
  and in_range(m.period, $period_from, $period_to)
