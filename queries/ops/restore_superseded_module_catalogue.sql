-- makes the module_catalogue rows that one import had replaced current again
update module_catalogue set superseded_by = null where superseded_by = $import_id
