-- grain: one row per current response in the periods being refreshed ($periods; empty = all):
-- its Likert and 0–10 answers summed per scale kind, scored by the scoring macros
-- (queries/scoring: reverse-scored answers flipped, favourable, promoter, detractor). Read from the
-- compact store: the answers are summed per response number first, its attributes joined after
create or replace temp table agg_response_facts as
with refreshed as (
    select response_no, leader_id, period, rater_type, respondent_id
    from pulse_response
    where superseded_by is null
      and (len($periods) = 0 or list_contains($periods, period))
),

per_response as (
    select
        s.response_no,
        count(*) filter (where q.scale <> 'nps11') as likert_answers,
        coalesce(sum(flip(q.scale, q.reverse_scored, s.score)) filter (where q.scale <> 'nps11'), 0)
            as likert_sum,
        count(*) filter (where favourable(q.scale, q.reverse_scored, s.score)) as favourable,
        count(*) filter (where q.scale = 'nps11') as nps_answers,
        count(*) filter (where promoter(q.scale, q.reverse_scored, s.score)) as promoters,
        count(*) filter (where detractor(q.scale, q.reverse_scored, s.score)) as detractors
    from pulse_score as s
    join answer_question as v on v.question_no = s.question_no
    join questions as q on q.question_id = v.question_id and q.import_id = v.question_import_id
    where s.response_no in (select response_no from refreshed)
    group by s.response_no
)

select r.leader_id, r.period, r.rater_type, r.respondent_id, p.* exclude (response_no)
from per_response as p
join refreshed as r on r.response_no = p.response_no
