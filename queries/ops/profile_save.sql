-- saves one import profile by name (a new one, or a new version of an existing one, keeping when it was created)
insert into import_profile
values ($name, $layout, $kind, $fingerprint, $mapping::json, now()::timestamp, $user, now()::timestamp, $user)
on conflict (name) do update set
    layout = excluded.layout,
    kind = excluded.kind,
    fingerprint = excluded.fingerprint,
    mapping = excluded.mapping,
    updated_at = excluded.updated_at,
    updated_by = excluded.updated_by
