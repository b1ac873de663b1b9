-- grain: one row per KPI target per import (the pilot plan edits these; current = not superseded)
create table if not exists targets (
    kpi varchar not null,
    change double not null,
    unit varchar not null,            -- relative_pct or points
    note varchar,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
