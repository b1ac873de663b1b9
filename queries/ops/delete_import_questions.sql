-- removes the rows one import stored in questions
delete from questions where import_id = $import_id
