-- stores one module's dates for a cohort under a plan change
insert into schedule (cohort, module_id, module_name, start_date, end_date, extra, import_id, source_row, superseded_by)
values ($cohort, $module_id, $module_name, $start_date, $end_date, null, $import_id, $source_row, null)
