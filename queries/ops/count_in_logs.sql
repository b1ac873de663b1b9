-- grain: one row: how many import-log and audit-log entries name one person's id (before an erasure)
select
    (select count(*) from import_log
     where regexp_matches(file_name, $pattern) or regexp_matches(coalesce(details::varchar, ''), $pattern))
    + (select count(*) from audit_log
       where regexp_matches(coalesce(target, ''), $pattern) or regexp_matches(coalesce(detail::varchar, ''), $pattern))
