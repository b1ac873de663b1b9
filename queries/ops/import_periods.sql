-- grain: one row per pulse period an import stored or replaced rows in (what its aggregates touch)
select distinct period
from pulse_response
where import_id = $import_id or superseded_by = $import_id
