-- removes the leader-level question aggregates of the periods being refreshed
delete from agg_pulse_leader where len($periods) = 0 or list_contains($periods, period)
