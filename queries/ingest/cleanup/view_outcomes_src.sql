-- removes the import's temporary view outcomes_src
drop view if exists temp.outcomes_src
