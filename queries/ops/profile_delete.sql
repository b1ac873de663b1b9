-- removes the import profile with this name; returns how many rows went (0 or 1)
delete from import_profile where name = $name
