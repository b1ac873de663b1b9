-- removes the rows one import stored in schedule
delete from schedule where import_id = $import_id
