-- grain: one row per leader × period × impact metric: the numerator and denominator whose
-- ratio is the metric (so windows pool them), and the distinct respondents behind survey metrics
create or replace temp view stg_impact_leader_period as
with survey as (
    select
        cohort, arm, leader_id, period,
        sum(score) filter (where scale in ('likert5', 'likert7')) as likert_sum,
        count(*) filter (where scale in ('likert5', 'likert7')) as likert_answers,
        count(*) filter (where favourable) as favourable,
        count(*) filter (where promoter) as promoters,
        count(*) filter (where detractor) as detractors,
        count(*) filter (where scale = 'nps11') as nps_answers,
        count(distinct respondent_id) filter (where scale in ('likert5', 'likert7')) as likert_n,
        count(distinct respondent_id) filter (where scale = 'nps11') as nps_n
    from stg_pulse_answer
    where rater_group = 'others' and cohort is not null
    group by cohort, arm, leader_id, period
),

metrics as (
    select cohort, arm, leader_id, period, 'pulse_mean' as metric,
           likert_sum as num, likert_answers as den, likert_n as n
    from survey where likert_answers > 0
    union all
    select cohort, arm, leader_id, period, 'favourable_pct', 100.0 * favourable, likert_answers, likert_n
    from survey where likert_answers > 0
    union all
    select cohort, arm, leader_id, period, 'enps', 100.0 * (promoters - detractors), nps_answers, nps_n
    from survey where nps_answers > 0
    union all
    select cohort, arm, leader_id, period, 'escalation_rate', 100.0 * escalations, interactions, null
    from stg_team_month where escalations is not null and interactions > 0
    union all
    select cohort, arm, leader_id, period, 'attrition_rate', 1200.0 * voluntary_exits, headcount, null
    from stg_team_month where voluntary_exits is not null and headcount > 0
    union all
    select cohort, arm, leader_id, period, 'csat', csat, 1, null
    from stg_team_month where csat is not null
    union all
    select cohort, arm, leader_id, period, 'clarifications_per_100', 100.0 * clarification_requests, messages, null
    from stg_team_month where clarification_requests is not null and messages > 0
    union all
    select cohort, arm, leader_id, period, 'meeting_participation', 100.0 * meeting_participation_rate, 1, null
    from stg_team_month where meeting_participation_rate is not null
    union all
    select cohort, arm, leader_id, period, 'response_hours', median_response_hours, 1, null
    from stg_team_month where median_response_hours is not null
)

select * from metrics
