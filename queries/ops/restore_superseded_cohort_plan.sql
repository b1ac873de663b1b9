-- makes the cohort_plan rows that one import had replaced current again
update cohort_plan set superseded_by = null where superseded_by = $import_id
