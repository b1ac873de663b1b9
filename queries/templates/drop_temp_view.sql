-- removes one of the import's temporary views
drop view if exists temp.{temp_view}
