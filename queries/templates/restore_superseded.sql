-- makes the rows of a table that one import (or plan change) had replaced current again: undo
update {table} set {superseded_by} = null where {superseded_by} = $import_id
