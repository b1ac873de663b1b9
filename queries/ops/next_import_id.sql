-- grain: one row: a new import id
select nextval('import_id_seq')
