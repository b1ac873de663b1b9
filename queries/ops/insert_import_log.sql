-- records one finished import in the log
insert into import_log (
    import_id, file_name, file_sha256, kind, format, rows, problems, replaced_rows,
    imported_at, imported_by, source, status, details
)
values (
    $import_id, $file_name, $file_sha256, $kind, $format, $rows, 0, $replaced_rows,
    current_timestamp, $imported_by, $source, 'active', $details
)
