-- leader × period × question version × rater group aggregates of the refreshed periods
insert into agg_pulse_leader
select
    leader_id, period, question_id, question_import_id, rater_group,
    count(*), sum(score),
    count(*) filter (where (scale = 'likert7' and score >= 6) or (scale <> 'likert7' and scale <> 'nps11' and score >= 4)),
    count(*) filter (where scale = 'nps11' and score >= 9),
    count(*) filter (where scale = 'nps11' and score <= 6),
    count(distinct respondent_id)
from agg_answer_facts
group by leader_id, period, question_id, question_import_id, rater_group
