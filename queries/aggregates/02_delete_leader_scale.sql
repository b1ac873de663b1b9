-- removes the leader-level aggregates of the periods being refreshed
delete from agg_pulse_leader_scale where len($periods) = 0 or list_contains($periods, period)
