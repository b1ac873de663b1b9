-- removes the rows one import (or plan change) stored in a table: undo, one table at a time
delete from {table} where {lineage} = $import_id
