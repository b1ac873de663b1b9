-- frees the import's temporary table staged_answer
drop table if exists temp.staged_answer
