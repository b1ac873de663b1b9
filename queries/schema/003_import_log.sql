-- grain: one row per import (a file, the demo, or a change made in the app)
create table if not exists import_log (
    import_id integer primary key,
    file_name varchar not null,
    file_sha256 varchar,
    kind varchar not null,
    format varchar not null,
    rows bigint not null,
    problems bigint not null default 0,
    replaced_rows bigint not null default 0,
    imported_at timestamp not null,
    imported_by varchar not null,
    source varchar not null,          -- upload, cli, demo, plan
    status varchar not null,          -- active, undone
    undone_at timestamp,
    undone_by varchar,
    details json                      -- mapping, kept and dropped columns, notes
)
