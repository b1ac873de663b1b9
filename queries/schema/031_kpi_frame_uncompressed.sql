-- grain: one row per kept KPI table or page read (as 026): the same table made again with its
-- Parquet bytes stored uncompressed. They are compressed already, and DuckDB's own compression of
-- the column made every single lookup decompress every kept table (about 14 ms at a million
-- responses instead of under 1 ms). The table only ever holds what the current data version
-- derived, so what an earlier version kept is not carried over
create or replace table kpi_frame (
    instance varchar not null,
    version bigint not null,
    code varchar not null,
    key varchar not null,
    frame blob using compression uncompressed not null,
    primary key (instance, version, code, key)
)
