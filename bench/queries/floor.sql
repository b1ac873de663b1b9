-- the floor: DuckDB's own load of the pulse file into a table of a fresh database file
create table t as select * from read_csv($path)
