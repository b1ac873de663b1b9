-- grain: one row (or none): the stored KPI table (Parquet bytes) for this key, computed from
-- this database instance's data version with this code
select frame from kpi_frame
where instance = $instance and version = $version and code = $code and key = $key
