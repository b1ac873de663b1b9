-- replaces every current row of a table the plan saves as a whole list (targets, cadence settings), all but this change's own
update {list_table} set {superseded_by} = $import_id where {superseded_by} is null and {lineage} <> $import_id
