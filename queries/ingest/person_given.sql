-- grain: one row per distinct non-blank value of one person field of the file (view person_values, column v)
create or replace temp table person_given as
select distinct clean(v) as given
from person_values
where clean(v) is not null
