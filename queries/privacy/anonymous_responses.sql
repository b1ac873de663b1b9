-- grain: one row: how many current answers of import $import_id came without a respondent id (the
-- response is its own id), which then count as one respondent each
select count(distinct response_id) as responses
from pulse_answer
where superseded_by is null and import_id = $import_id and respondent_id = response_id
