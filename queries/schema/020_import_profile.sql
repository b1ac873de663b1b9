-- grain: one row per named import profile: a confirmed mapping from a survey tool's layout to canonical fields,
-- found again for a later file by the layout's fingerprint (a hash of its normalised header rows)
create table if not exists import_profile (
    name varchar primary key,
    layout varchar not null,
    kind varchar not null,
    fingerprint varchar not null,
    mapping json not null,            -- fields, constants, questions, kept and dropped columns
    created_at timestamp not null,
    created_by varchar not null,
    updated_at timestamp not null,
    updated_by varchar not null
)
