-- removes the rows one import stored in plan_setting
delete from plan_setting where import_id = $import_id
