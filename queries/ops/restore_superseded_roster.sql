-- makes the roster rows that one import had replaced current again
update roster set superseded_by = null where superseded_by = $import_id
