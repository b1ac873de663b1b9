-- grain: one row per leader × period × impact metric: the numerator and denominator whose
-- ratio is the metric (so windows pool them), and the distinct respondents behind survey metrics
create or replace temp view stg_impact_leader_period as
with survey as (
    -- others' answers per leader and month, from the leader aggregates
    select
        l.cohort, coalesce(l.arm, 'program') as arm, a.leader_id, a.period,
        sum(a.score_sum) filter (where a.scale_kind = 'likert') as likert_sum,
        sum(a.answers) filter (where a.scale_kind = 'likert') as likert_answers,
        sum(a.favourable) filter (where a.scale_kind = 'likert') as favourable,
        sum(a.promoters) filter (where a.scale_kind = 'nps') as promoters,
        sum(a.detractors) filter (where a.scale_kind = 'nps') as detractors,
        sum(a.answers) filter (where a.scale_kind = 'nps') as nps_answers,
        sum(a.respondents) filter (where a.scale_kind = 'likert') as likert_n,
        sum(a.respondents) filter (where a.scale_kind = 'nps') as nps_n
    from agg_pulse_leader_scale as a
    join stg_leader as l on l.leader_id = a.leader_id
    where a.rater = 'others' and l.cohort is not null
    group by l.cohort, l.arm, a.leader_id, a.period
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
