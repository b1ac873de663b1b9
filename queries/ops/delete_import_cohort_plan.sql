-- removes the rows one import stored in cohort_plan
delete from cohort_plan where import_id = $import_id
