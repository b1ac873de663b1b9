-- grain: one row per response record of a wide pulse file (view src); the response table to stage
create or replace temp view pulse_src as
select *, 1 as n_variants from src
