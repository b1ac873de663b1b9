-- grain: one row per base cell of the pulse — leader × month × rater group × question version —
-- with n = its distinct eligible respondents: this connection's own copy (empty here), made with
-- local_answer.sql and shadowing the stored gated_cell for this connection alone
create temp table gated_cell as
select
    leader_id, cohort, arm, period, rater_group, question_id, question_import_id,
    any_value(scale) as scale, any_value(scale_kind) as scale_kind,
    count(distinct respondent_id) as n
from gated_answer
group by leader_id, cohort, arm, period, rater_group, question_id, question_import_id
limit 0
