-- marks the current rows of a table that the file being imported replaces: the rows whose natural key a staged record has
update {table} as t
set {superseded_by} = $import_id
where t.{superseded_by} is null
  and exists (select 1 from {staged} as s where {key_match})
