-- makes the pulse_response rows that one import had replaced current again
update pulse_response set superseded_by = null where superseded_by = $import_id
