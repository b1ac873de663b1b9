-- replaces an erased person's id in the import log's file names and details (e.g. leaders a plan change moved) by (erased)
update import_log
set file_name = regexp_replace(file_name, $pattern, '\1(erased)\2', 'g'),
    details = regexp_replace(details::varchar, $pattern, '\1(erased)\2', 'g')::json
where regexp_matches(file_name, $pattern) or regexp_matches(coalesce(details::varchar, ''), $pattern)
