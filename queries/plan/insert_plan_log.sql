-- records one plan change in the import log, like an import, so it can be undone
insert into import_log (
    import_id, file_name, file_sha256, kind, format, rows, problems, replaced_rows,
    imported_at, imported_by, source, status, details
)
values (
    $import_id, $file_name, null, $kind, 'plan', $rows, 0, $replaced_rows,
    current_timestamp, $imported_by, 'plan', 'active', $details
)
