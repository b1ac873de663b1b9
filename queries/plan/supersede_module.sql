-- replaces a custom module's current catalogue entry
update module_catalogue set superseded_by = $import_id where superseded_by is null and module_id = $module_id
