-- cohort × period × question version × rater group (others, self) aggregates, with exact
-- distinct respondents (grouped per respondent first), read from the compact store's answers of the
-- refreshed periods (question versions by number, named at the end) and scored by the scoring
-- macros (queries/scoring)
insert into agg_pulse_cohort
with per_respondent as (
    select
        l.cohort,
        r.period,
        s.question_no,
        case when r.rater_type = 'self' then 'self' else 'others' end as rater,
        r.respondent_id,
        count(*) as answers,
        sum(flip(q.scale, q.reverse_scored, s.score)) as score_sum,
        sum(power(flip(q.scale, q.reverse_scored, s.score), 2)) as score_sq_sum,
        count(*) filter (where favourable(q.scale, q.reverse_scored, s.score)) as favourable,
        count(*) filter (where promoter(q.scale, q.reverse_scored, s.score)) as promoters,
        count(*) filter (where detractor(q.scale, q.reverse_scored, s.score)) as detractors
    from pulse_score as s
    join pulse_response as r on r.response_no = s.response_no
    join agg_leader_cohort as l on l.leader_id = r.leader_id
    join answer_question as v on v.question_no = s.question_no
    join questions as q on q.question_id = v.question_id and q.import_id = v.question_import_id
    where r.superseded_by is null
      and (len($periods) = 0 or list_contains($periods, r.period))
    group by l.cohort, r.period, s.question_no, rater, r.respondent_id
)

select
    p.cohort, p.period, v.question_id, v.question_import_id, null, p.rater,
    sum(p.answers), sum(p.score_sum), sum(p.score_sq_sum), sum(p.favourable), sum(p.promoters),
    sum(p.detractors), count(*)
from per_respondent as p
join answer_question as v on v.question_no = p.question_no
group by p.cohort, p.period, v.question_id, v.question_import_id, p.rater
