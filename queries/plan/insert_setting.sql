-- stores one cadence setting under a plan change
insert into plan_setting (name, value, import_id, source_row, superseded_by)
values ($name, $value, $import_id, $source_row, null)
