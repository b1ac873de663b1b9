-- stores the questions a confirmed mapping registers with this file (view file_question), those the catalogue
-- does not hold yet, under the new import (undoing the import removes them); returns how many
insert into questions
select
    f.question_id, f.text, f.scale, null, false, f.label_map::json, null, $import_id, null, null
from file_question as f
where not exists (
    select 1 from questions as q where q.superseded_by is null and token(q.question_id) = token(f.question_id)
)
