-- frees the import's temporary table ref_answer_label
drop table if exists temp.ref_answer_label
