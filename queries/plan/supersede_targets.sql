-- replaces every current target (the plan saves the target list at once)
update targets set superseded_by = $import_id where superseded_by is null and import_id <> $import_id
