-- grain: one row: the stored answers of the responses import $import_id replaced
select count(*) from pulse_answer where superseded_by = $import_id
