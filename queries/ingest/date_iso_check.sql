-- grain: one row: whether every non-empty value of view date_values(v) reads as an ISO date or timestamp
select count(*) filter (where clean(v) is not null and fast_iso(v) is null) = 0
from date_values
