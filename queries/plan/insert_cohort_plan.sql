-- stores a cohort's arm and planned start under a plan change
insert into cohort_plan (cohort, arm, start_date, note, import_id, source_row, superseded_by)
values ($cohort, $arm, $start_date, $note, $import_id, 1, null)
