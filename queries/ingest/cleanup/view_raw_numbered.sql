-- removes the import's temporary view raw_numbered
drop view if exists temp.raw_numbered
