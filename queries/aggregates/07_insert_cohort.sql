-- cohort-level aggregates of the refreshed periods: per question version × rater group, and per
-- scale kind × rater, with exact distinct respondents (a peer rating two leaders counts once)
insert into agg_pulse_cohort
with facts as (
    select f.*, l.cohort
    from agg_answer_facts as f
    join (
        select person_id, any_value(cohort) as cohort
        from roster
        where superseded_by is null and role = 'leader' and cohort is not null
        group by person_id
    ) as l on l.person_id = f.leader_id
),

measures as (
    select
        cohort, period, question_id, question_import_id, null as scale_kind, rater_group as rater,
        score, scale, respondent_id
    from facts
    union all
    select cohort, period, null, null, kind, rater, score, scale, respondent_id
    from facts,
        unnest([scale_kind, 'any']) as k(kind),
        unnest(case when rater_group = 'self' then ['self'] else ['others', rater_type] end) as r(rater)
)

select
    cohort, period, question_id, question_import_id, scale_kind, rater,
    count(*), sum(score),
    count(*) filter (where (scale = 'likert7' and score >= 6) or (scale <> 'likert7' and scale <> 'nps11' and score >= 4)),
    count(*) filter (where scale = 'nps11' and score >= 9),
    count(*) filter (where scale = 'nps11' and score <= 6),
    count(distinct respondent_id)
from measures
group by cohort, period, question_id, question_import_id, scale_kind, rater
