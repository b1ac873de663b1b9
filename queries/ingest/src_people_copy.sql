-- grain: one row per record of the file being imported (view src), copied so that src can be defined over it again
create or replace temp table src_people as
select * from src
