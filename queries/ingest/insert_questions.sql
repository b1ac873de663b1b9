-- stores the staged questions under the new import
insert into questions
select question_id, text, scale, construct, reverse_scored, label_map, extra, $import_id, rec, null
from staged
