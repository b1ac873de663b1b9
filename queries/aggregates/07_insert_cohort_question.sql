-- cohort × period × question version × rater group (others, self) aggregates, with exact
-- distinct respondents (grouped per respondent first), read from the answers of the refreshed periods
-- and scored by the scoring macros (queries/scoring)
insert into agg_pulse_cohort
with per_respondent as (
    select
        l.cohort,
        a.period,
        a.question_id,
        a.question_import_id,
        case when a.rater_type = 'self' then 'self' else 'others' end as rater,
        a.respondent_id,
        count(*) as answers,
        sum(flip(q.scale, q.reverse_scored, a.score)) as score_sum,
        sum(power(flip(q.scale, q.reverse_scored, a.score), 2)) as score_sq_sum,
        count(*) filter (where favourable(q.scale, q.reverse_scored, a.score)) as favourable,
        count(*) filter (where promoter(q.scale, q.reverse_scored, a.score)) as promoters,
        count(*) filter (where detractor(q.scale, q.reverse_scored, a.score)) as detractors
    from pulse_answer as a
    join agg_leader_cohort as l on l.leader_id = a.leader_id
    join questions as q on q.question_id = a.question_id and q.import_id = a.question_import_id
    where a.superseded_by is null
      and (len($periods) = 0 or list_contains($periods, a.period))
    group by l.cohort, a.period, a.question_id, a.question_import_id, rater, a.respondent_id
)

select
    cohort, period, question_id, question_import_id, null, rater,
    sum(answers), sum(score_sum), sum(score_sq_sum), sum(favourable), sum(promoters), sum(detractors), count(*)
from per_respondent
group by cohort, period, question_id, question_import_id, rater
