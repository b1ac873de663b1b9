-- makes the questions rows that one import had replaced current again
update questions set superseded_by = null where superseded_by = $import_id
