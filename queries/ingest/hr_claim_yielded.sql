-- gives the HR-derived outcomes an outcomes file replaced (marked -2 before the import had its id) the import's id
update outcomes set superseded_by = $import_id where superseded_by = -2
