-- makes the pulse_answer rows that one import had replaced current again
update pulse_answer set superseded_by = null where superseded_by = $import_id
