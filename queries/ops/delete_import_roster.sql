-- removes the rows one import stored in roster
delete from roster where import_id = $import_id
