-- grain: one row per KPI table computed for one data version: its key (table name, filters with
-- the minimum group size k, options), the database instance, data version and code fingerprint
-- it was computed with, and the table as Parquet bytes. Only tables that passed the privacy gate
-- (dashboard.kpi.compute) are kept; emptied by every write in the write's own transaction,
-- never backed up
create table if not exists kpi_frame (
    instance varchar not null,
    version bigint not null,
    code varchar not null,
    key varchar not null,
    frame blob not null,
    primary key (instance, version, code, key)
)
