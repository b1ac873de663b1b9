-- grain: one row per record of the file being imported, numbered in file order (rec 0 is the first header record)
create or replace temp view raw_numbered as
select rowid as rec, * from raw
