-- grain: one row per leader's team × month: the standard outcome metrics side by side
create or replace temp view stg_team_month as
select
    cohort,
    arm,
    leader_id,
    period,
    sum(value) filter (where metric = 'headcount') as headcount,
    sum(value) filter (where metric = 'voluntary_exits') as voluntary_exits,
    sum(value) filter (where metric = 'escalations') as escalations,
    sum(value) filter (where metric = 'interactions') as interactions,
    avg(value) filter (where metric = 'csat') as csat,
    sum(value) filter (where metric = 'clarification_requests') as clarification_requests,
    sum(value) filter (where metric = 'messages') as messages,
    avg(value) filter (where metric = 'meeting_participation_rate') as meeting_participation_rate,
    avg(value) filter (where metric = 'median_response_hours') as median_response_hours
from stg_outcomes
where cohort is not null
group by cohort, arm, leader_id, period
