-- removes the rows one import stored in outcomes
delete from outcomes where import_id = $import_id
