-- makes the rubric rows that one import had replaced current again
update rubric set superseded_by = null where superseded_by = $import_id
