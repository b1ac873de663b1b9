-- removes the import's temporary view rubric_src
drop view if exists temp.rubric_src
