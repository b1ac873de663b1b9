-- grain: one row: a file name without its e-mail parts, as the import and audit logs keep it
select mask_file_name($name)
