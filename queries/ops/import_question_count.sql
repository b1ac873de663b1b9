-- grain: one row: how many questions an import registered in the catalogue
select count(*) from questions where import_id = $import_id
