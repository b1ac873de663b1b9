-- removes the rows one import stored in activity
delete from activity where import_id = $import_id
