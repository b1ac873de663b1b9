-- removes the cohort-level aggregates of the periods being refreshed
delete from agg_pulse_cohort where len($periods) = 0 or list_contains($periods, period)
