-- grain: one row per answer of an older backup (its answer table, read from $path), kept aside until
-- its responses are restored and it moves into the compact store
create table pulse_answer_old as select * from read_parquet($path)
