-- removes the import's temporary view pulse_src
drop view if exists temp.pulse_src
