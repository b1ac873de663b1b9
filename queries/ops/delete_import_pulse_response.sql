-- removes the rows one import stored in pulse_response
delete from pulse_response where import_id = $import_id
