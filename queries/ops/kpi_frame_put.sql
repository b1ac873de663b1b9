-- keeps one KPI table (Parquet bytes) for this key, database instance, data version and code
insert or ignore into kpi_frame values ($instance, $version, $code, $key, $frame)
