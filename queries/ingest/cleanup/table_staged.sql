-- frees the import's temporary table staged
drop table if exists temp.staged
