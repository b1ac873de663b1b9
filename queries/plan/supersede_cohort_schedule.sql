-- replaces a cohort's current module dates (the plan saves the cohort's whole schedule at once)
update schedule set superseded_by = $import_id where superseded_by is null and cohort = $cohort
