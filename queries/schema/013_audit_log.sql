-- grain: one row per action that changed data or settings: who, what, when
create table if not exists audit_log (
    happened_at timestamp not null default current_timestamp,
    actor varchar not null,
    action varchar not null,          -- import, undo, restore, setting, plan
    target varchar,
    detail json
)
