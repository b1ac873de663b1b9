-- grain: one row per distinct non-blank value of one column of the file (view person_values, column v)
select distinct clean(v) as given from person_values where clean(v) is not null order by given
