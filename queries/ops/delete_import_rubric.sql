-- removes the rows one import stored in rubric
delete from rubric where import_id = $import_id
