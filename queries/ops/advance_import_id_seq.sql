-- moves the import id sequence past $n ids (after a restore, new imports get new ids)
select max(nextval('import_id_seq')) from range($n)
