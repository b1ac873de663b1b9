-- makes the activity rows that one import had replaced current again
update activity set superseded_by = null where superseded_by = $import_id
