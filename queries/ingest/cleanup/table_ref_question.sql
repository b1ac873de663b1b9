-- frees the import's temporary table ref_question
drop table if exists temp.ref_question
