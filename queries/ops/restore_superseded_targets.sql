-- makes the targets rows that one import had replaced current again
update targets set superseded_by = null where superseded_by = $import_id
