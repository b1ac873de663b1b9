-- makes the outcomes rows that one import had replaced current again
update outcomes set superseded_by = null where superseded_by = $import_id
