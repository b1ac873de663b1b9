-- grain: one row per current answer: who gave it (the rater group: others = peer +
-- direct_report; self) in which month, to which cohort's leader, on which scale; for counting
-- distinct respondents over several months (scores and their rules live in the aggregates)
create or replace temp view stg_pulse_answer as
select
    a.period,
    a.respondent_id,
    case when a.rater_type = 'self' then 'self' else 'others' end as rater_group,
    l.cohort,
    coalesce(q.scale, 'likert5') as scale
from pulse_answer as a
left join stg_leader as l on l.leader_id = a.leader_id
left join stg_question_version as q
    on q.question_id = a.question_id and q.question_import_id = a.question_import_id
where a.superseded_by is null
