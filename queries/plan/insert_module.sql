-- adds a custom module to the catalogue under a plan change
insert into module_catalogue (module_id, name, description, microlearning_minutes, practice_minutes, import_id, source_row, superseded_by)
values ($module_id, $name, $description, $microlearning_minutes, $practice_minutes, $import_id, 1, null)
