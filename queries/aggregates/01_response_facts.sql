-- grain: one row per current response in the periods being refreshed ($periods; empty = all):
-- its Likert and 0–10 answers summed per scale kind, scored by the scoring macros
-- (queries/scoring: reverse-scored answers flipped, favourable, promoter, detractor)
create or replace temp table agg_response_facts as
select
    any_value(a.leader_id) as leader_id,
    any_value(a.period) as period,
    any_value(a.rater_type) as rater_type,
    any_value(a.respondent_id) as respondent_id,
    count(*) filter (where q.scale <> 'nps11') as likert_answers,
    coalesce(sum(flip(q.scale, q.reverse_scored, a.score)) filter (where q.scale <> 'nps11'), 0)
        as likert_sum,
    count(*) filter (where favourable(q.scale, q.reverse_scored, a.score)) as favourable,
    count(*) filter (where q.scale = 'nps11') as nps_answers,
    count(*) filter (where promoter(q.scale, q.reverse_scored, a.score)) as promoters,
    count(*) filter (where detractor(q.scale, q.reverse_scored, a.score)) as detractors
from pulse_answer as a
join questions as q on q.question_id = a.question_id and q.import_id = a.question_import_id
where a.superseded_by is null
  and (len($periods) = 0 or list_contains($periods, a.period))
group by a.response_id, a.import_id
