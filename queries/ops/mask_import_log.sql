-- takes the e-mail parts out of the import log's file names and details (written in clear by earlier versions)
update import_log
set file_name = mask_file_name(file_name), details = mask_emails(details::varchar)::json
where file_name <> mask_file_name(file_name) or email_count(details::varchar) > 0
