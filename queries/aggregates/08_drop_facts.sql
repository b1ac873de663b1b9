-- frees the answers read for the refresh
drop table if exists temp.agg_answer_facts
