-- frees the roster snapshot used for the refresh
drop table if exists temp.agg_leader_cohort
