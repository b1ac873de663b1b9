-- cohort × period × question version × rater group (others, self) aggregates, with exact
-- distinct respondents (grouped per respondent first), read from the answers of the refreshed periods
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
        sum(case when q.reverse_scored then (case q.scale when 'nps11' then 10 when 'likert7' then 8 else 6 end) - a.score
                 else a.score end) as score_sum,
        sum(power(case when q.reverse_scored then (case q.scale when 'nps11' then 10 when 'likert7' then 8 else 6 end) - a.score
                       else a.score end, 2)) as score_sq_sum,
        count(*) filter (where (q.scale = 'likert7' and (case when q.reverse_scored then 8 - a.score else a.score end) >= 6)
                            or (q.scale = 'likert5' and (case when q.reverse_scored then 6 - a.score else a.score end) >= 4))
            as favourable,
        count(*) filter (where q.scale = 'nps11' and (case when q.reverse_scored then 10 - a.score else a.score end) >= 9)
            as promoters,
        count(*) filter (where q.scale = 'nps11' and (case when q.reverse_scored then 10 - a.score else a.score end) <= 6)
            as detractors
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
