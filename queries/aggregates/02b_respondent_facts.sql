-- grain: one row per leader × period × rater (each rater type, and others = peers + direct
-- reports) × respondent in the refreshed periods: their answers summed, and whether they gave
-- Likert or 0–10 answers (counting these rows counts distinct respondents, without DISTINCT)
create or replace temp table agg_respondent_facts as
with by_rater as (
    select leader_id, period, rater_type as rater, respondent_id, likert_answers, likert_sum,
           favourable, nps_answers, promoters, detractors
    from agg_response_facts
    union all
    select leader_id, period, 'others', respondent_id, likert_answers, likert_sum,
           favourable, nps_answers, promoters, detractors
    from agg_response_facts
    where rater_type <> 'self'
)

select
    leader_id,
    period,
    rater,
    respondent_id,
    sum(likert_answers) as likert_answers,
    sum(likert_sum) as likert_sum,
    sum(favourable) as favourable,
    sum(nps_answers) as nps_answers,
    sum(promoters) as promoters,
    sum(detractors) as detractors
from by_rater
group by leader_id, period, rater, respondent_id
