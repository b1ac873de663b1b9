-- removes the rows one import stored in module_catalogue
delete from module_catalogue where import_id = $import_id
