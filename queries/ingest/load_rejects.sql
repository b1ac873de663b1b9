-- grain: one row per record DuckDB's reader could not split into the header's columns (latest read only)
select line, arg_min(error_type, column_idx), arg_min(error_message, column_idx), count(*) over () as total
from load_rejects
where scan_id = (select max(scan_id) from load_scans)
group by line
order by line
limit $limit
