-- removes the import's temporary view answer_src
drop view if exists temp.answer_src
