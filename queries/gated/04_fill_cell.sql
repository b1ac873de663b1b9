-- counts each base cell's distinct eligible respondents (leader × month × rater group × question
-- version) from the gated answers beside them
insert into gated_cell
select
    leader_id, cohort, arm, period, rater_group, question_id, question_import_id,
    any_value(scale), any_value(scale_kind), count(distinct respondent_id)
from gated_answer
group by leader_id, cohort, arm, period, rater_group, question_id, question_import_id
