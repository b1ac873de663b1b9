-- frees one of the import's temporary tables (raw can be large)
drop table if exists temp.{temp_table}
