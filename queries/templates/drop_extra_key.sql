-- removes one kept column from the extra values of every row one import stored in a table
update {extra_table}
set extra = json_merge_patch(extra, json_object($column_key, null))
where import_id = $import_id and extra is not null
