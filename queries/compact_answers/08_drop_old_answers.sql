-- the earlier version's answer table, once its rows are in the compact store
drop table if exists pulse_answer_old
