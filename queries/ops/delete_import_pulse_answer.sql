-- removes the rows one import stored in pulse_answer
delete from pulse_answer where import_id = $import_id
