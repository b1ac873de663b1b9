-- replaces an erased person's id in the audit log's targets and details by (erased)
update audit_log
set target = regexp_replace(target, $pattern, '\1(erased)\2', 'g'),
    detail = regexp_replace(detail::varchar, $pattern, '\1(erased)\2', 'g')::json
where regexp_matches(coalesce(target, ''), $pattern) or regexp_matches(coalesce(detail::varchar, ''), $pattern)
