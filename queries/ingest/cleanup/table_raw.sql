-- frees the import's temporary table raw
drop table if exists temp.raw
