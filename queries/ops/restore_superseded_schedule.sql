-- makes the schedule rows that one import had replaced current again
update schedule set superseded_by = null where superseded_by = $import_id
