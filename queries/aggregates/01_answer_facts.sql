-- grain: one row per current answer in the periods being refreshed ($periods; empty = all):
-- the score flipped for reverse-scored questions, its scale kind and flags (for the aggregates)
create or replace temp table agg_answer_facts as
select
    a.leader_id,
    a.period,
    a.question_id,
    a.question_import_id,
    a.rater_type,
    case when a.rater_type = 'self' then 'self' else 'others' end as rater_group,
    a.respondent_id,
    case when q.scale = 'nps11' then 'nps' else 'likert' end as scale_kind,
    case
        when q.reverse_scored then (case when q.scale = 'nps11' then 10 when q.scale = 'likert7' then 8 else 6 end) - a.score
        else a.score
    end as score,
    q.scale
from pulse_answer as a
left join questions as q on q.question_id = a.question_id and q.import_id = a.question_import_id
where a.superseded_by is null
  and (len($periods) = 0 or list_contains($periods, a.period))
