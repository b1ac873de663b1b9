-- frees the import's temporary table staged_response
drop table if exists temp.staged_response
