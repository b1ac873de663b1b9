-- removes the rows one import stored in targets
delete from targets where import_id = $import_id
