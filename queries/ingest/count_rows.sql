-- grain: one row: records in view src (the data records of the file being imported)
select count(*) from src
