-- grain: one row per current response in the periods being refreshed ($periods; empty = all):
-- its Likert and 0–10 answers summed per scale kind (scores of reverse-scored questions flipped)
create or replace temp table agg_response_facts as
select
    any_value(a.leader_id) as leader_id,
    any_value(a.period) as period,
    any_value(a.rater_type) as rater_type,
    any_value(a.respondent_id) as respondent_id,
    count(*) filter (where q.scale <> 'nps11') as likert_answers,
    coalesce(sum(a.score) filter (where q.scale <> 'nps11' and not q.reverse_scored), 0)
        + coalesce(sum((case when q.scale = 'likert7' then 8 else 6 end) - a.score)
                   filter (where q.scale <> 'nps11' and q.reverse_scored), 0) as likert_sum,
    count(*) filter (where (q.scale = 'likert7' and (case when q.reverse_scored then 8 - a.score else a.score end) >= 6)
                        or (q.scale = 'likert5' and (case when q.reverse_scored then 6 - a.score else a.score end) >= 4))
        as favourable,
    count(*) filter (where q.scale = 'nps11') as nps_answers,
    count(*) filter (where q.scale = 'nps11' and (case when q.reverse_scored then 10 - a.score else a.score end) >= 9)
        as promoters,
    count(*) filter (where q.scale = 'nps11' and (case when q.reverse_scored then 10 - a.score else a.score end) <= 6)
        as detractors
from pulse_answer as a
join questions as q on q.question_id = a.question_id and q.import_id = a.question_import_id
where a.superseded_by is null
  and (len($periods) = 0 or list_contains($periods, a.period))
group by a.response_id, a.import_id
