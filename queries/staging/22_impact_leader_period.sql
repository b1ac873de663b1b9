-- table macro impact_leader_period(k): one row per leader × period × impact metric: the numerator
-- and denominator whose ratio is the metric (so windows pool them), built only from visible cells
-- at k — survey metrics from others' answers in visible base cells (visible_answers), business
-- metrics from visible cohort-months (business_cells) — and `excluded`: whether a hidden cell was
-- left out of this leader-month (then num and den are empty when nothing visible is left).
-- The pulse score pools its answers' pooled_score (one scale, or percent of each scale's range
-- when the questions' scales differ) and names that unit in `unit` (pooled_unit); NULL elsewhere.
create or replace temp macro impact_leader_period(k) as table
with survey as (
    select
        cohort, arm, leader_id, period,
        sum(pooled_score) filter (where scale_kind = 'likert') as likert_sum,
        pooled_unit(any_value(pool_scales)) as unit,
        count(*) filter (where scale_kind = 'likert') as likert_answers,
        count(*) filter (where scale_kind = 'likert' and favourable) as favourable,
        count(*) filter (where scale_kind = 'nps' and promoter) as promoters,
        count(*) filter (where scale_kind = 'nps' and detractor) as detractors,
        count(*) filter (where scale_kind = 'nps') as nps_answers
    from visible_answers(k)
    where rater_group = 'others' and cohort is not null
    group by cohort, arm, leader_id, period
),

hidden as (
    select
        cohort, arm, leader_id, period,
        bool_or(scale_kind = 'likert') as likert_hidden,
        bool_or(scale_kind = 'nps') as nps_hidden
    from hidden_cells(k)
    where cohort is not null
    group by cohort, arm, leader_id, period
),

leader_month as (
    select
        coalesce(s.cohort, h.cohort) as cohort,
        coalesce(s.arm, h.arm) as arm,
        coalesce(s.leader_id, h.leader_id) as leader_id,
        coalesce(s.period, h.period) as period,
        s.likert_sum, s.unit, coalesce(s.likert_answers, 0) as likert_answers, s.favourable,
        s.promoters, s.detractors, coalesce(s.nps_answers, 0) as nps_answers,
        coalesce(h.likert_hidden, false) as likert_hidden,
        coalesce(h.nps_hidden, false) as nps_hidden
    from survey as s
    full join hidden as h on h.leader_id = s.leader_id and h.period = s.period
),

teams as (
    -- a team's outcomes count only when its cohort-month is visible (business_cells)
    select t.*, b.visible
    from stg_team_month as t
    join business_cells(k) as b on b.cohort = t.cohort and b.period = t.period
)

select cohort, arm, leader_id, period, 'pulse_mean' as metric,
       likert_sum as num, nullif(likert_answers, 0) as den, likert_hidden as excluded, unit
from leader_month where likert_answers > 0 or likert_hidden
union all
select cohort, arm, leader_id, period, 'favourable_pct', 100.0 * favourable, nullif(likert_answers, 0), likert_hidden, null
from leader_month where likert_answers > 0 or likert_hidden
union all
select cohort, arm, leader_id, period, 'enps', 100.0 * (promoters - detractors), nullif(nps_answers, 0), nps_hidden, null
from leader_month where nps_answers > 0 or nps_hidden
union all
select cohort, arm, leader_id, period, 'escalation_rate',
       case when visible then 100.0 * escalations end, case when visible then interactions end, not visible, null
from teams where escalations is not null and interactions > 0
union all
select cohort, arm, leader_id, period, 'attrition_rate',
       case when visible then 1200.0 * voluntary_exits end, case when visible then headcount end, not visible, null
from teams where voluntary_exits is not null and headcount > 0
union all
select cohort, arm, leader_id, period, 'csat', case when visible then csat end, case when visible then 1 end, not visible, null
from teams where csat is not null
union all
select cohort, arm, leader_id, period, 'clarifications_per_100',
       case when visible then 100.0 * clarification_requests end, case when visible then messages end, not visible, null
from teams where clarification_requests is not null and messages > 0
union all
select cohort, arm, leader_id, period, 'meeting_participation',
       case when visible then 100.0 * meeting_participation_rate end, case when visible then 1 end, not visible, null
from teams where meeting_participation_rate is not null
union all
select cohort, arm, leader_id, period, 'response_hours',
       case when visible then median_response_hours end, case when visible then 1 end, not visible, null
from teams where median_response_hours is not null
