-- replaces every current cadence setting (saved at once)
update plan_setting set superseded_by = $import_id where superseded_by is null and import_id <> $import_id
