-- stores one KPI target under a plan change
insert into targets (kpi, change, unit, note, import_id, source_row, superseded_by)
values ($kpi, $change, $unit, $note, $import_id, $source_row, null)
