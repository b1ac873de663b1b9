-- grain: one row per month from the earliest to the latest month in any stored data
select period
from stg_period
order by period
