-- grain: one row per base cell of others' answers in the months $periods (empty = every month):
-- leader × month × question version and its distinct eligible respondents, kept as they were
-- before an import (temp table privacy_cells_before), to tell afterwards which hidden cells grew
create or replace temp table privacy_cells_before as
select leader_id, period, question_id, question_import_id, count(distinct respondent_id) as n
from eligible_answers()
where rater_type <> 'self'
  and (len($periods) = 0 or list_contains($periods, period))
group by leader_id, period, question_id, question_import_id
