-- grain: one row: for the date column behind view date_values(v), how many values each reading accepts
with v as (
    select distinct strip_tz(v) as v, iso_ts(v) as iso from date_values where clean(v) is not null
)
select
    count(*) as n,
    count(*) filter (where iso is not null) as iso,
    count(*) filter (where iso is null and try_strptime(v, $month_first) is not null) as month_first,
    count(*) filter (where iso is null and try_strptime(v, $day_first) is not null) as day_first,
    count(*) filter (
        where iso is null
          and try_strptime(v, $month_first) is not null and try_strptime(v, $day_first) is null
    ) as only_month_first,
    count(*) filter (
        where iso is null
          and try_strptime(v, $day_first) is not null and try_strptime(v, $month_first) is null
    ) as only_day_first,
    count(*) filter (
        where iso is null
          and try_strptime(v, $day_first) <> try_strptime(v, $month_first)
    ) as differ,
    min(v) filter (
        where iso is null
          and try_strptime(v, $day_first) <> try_strptime(v, $month_first)
    ) as example
from v
