-- takes the e-mail parts out of the audit log's targets (file names) and details (written in clear by earlier versions)
update audit_log
set target = mask_file_name(target), detail = mask_emails(detail::varchar)::json
where target <> mask_file_name(target) or email_count(detail::varchar) > 0
