-- grain: one row per active import: the rows it holds now (not replaced by a later import) and
-- the first and last month those rows are about (pulse and outcome periods, assessment,
-- completion and module dates); roster and question catalogues have no months
with spans as (
    select import_id, count(*) as current_rows, min(period) as first_period, max(period) as last_period
    from pulse_response where superseded_by is null group by import_id
    union all
    select import_id, count(*), min(period), max(period)
    from outcomes where superseded_by is null group by import_id
    union all
    select import_id, count(*), strftime(min(assessed_at), '%Y-%m'), strftime(max(assessed_at), '%Y-%m')
    from rubric where superseded_by is null group by import_id
    union all
    select import_id, count(*), strftime(min(completed_at), '%Y-%m'), strftime(max(completed_at), '%Y-%m')
    from activity where superseded_by is null group by import_id
    union all
    select import_id, count(*), strftime(min(start_date), '%Y-%m'), strftime(max(end_date), '%Y-%m')
    from schedule where superseded_by is null group by import_id
    union all
    select import_id, count(*), null, null from roster where superseded_by is null group by import_id
    union all
    select import_id, count(*), null, null from questions where superseded_by is null group by import_id
    union all
    select import_id, count(*), null, null from targets where superseded_by is null group by import_id
),

per_import as (
    select import_id, sum(current_rows) as current_rows, min(first_period) as first_period,
           max(last_period) as last_period
    from spans
    group by import_id
)

select
    l.import_id,
    l.file_name,
    l.kind,
    l.rows,
    cast(coalesce(p.current_rows, 0) as bigint) as current_rows,
    p.first_period,
    p.last_period,
    l.source,
    l.imported_at,
    l.imported_by,
    l.file_sha256
from import_log as l
left join per_import as p using (import_id)
where l.status = 'active'
order by l.import_id
