-- replaces a cohort's current plan row
update cohort_plan set superseded_by = $import_id where superseded_by is null and cohort = $cohort
