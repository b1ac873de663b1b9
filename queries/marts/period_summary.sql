-- grain: one row per span (current, previous) × cohort × metric: each KPI with the whole span
-- taken as one period, by the same definitions as the monthly tables and from the same visible
-- cells only, so the span minus its months reveals nothing hidden: others' pulse answers in the
-- cells visible at $min_group (visible_answers); the response rate over the months whose
-- response_rate cell is visible (k direct reports answered and k members invited, visible_at);
-- business rates from summed numerators and denominators over visible cohort-months
-- (business_cells). n = distinct respondents (survey), distinct members invited (response rate)
-- or teams reporting (business), headcount = the largest visible cohort-month's people (business,
-- for the privacy gate); some_excluded = a hidden cell in the span was left out;
-- counted_as_responses = some answers came without respondent ids. The pulse score pools the
-- answers' pooled_score (percent of each scale's range when the questions' scales differ) and
-- `unit` names it (pooled_unit; NULL for the other metrics).
with spans as (
    select 'current' as span, $period_from as w_from, $period_to as w_to
    union all
    select 'previous', $previous_from, $previous_to
    where $previous_to <> ''
),

cohort_month as (
    select cp.cohort, cp.arm, cp.period, cp.module_id, w.span
    from stg_cohort_period as cp
    join spans as w on in_range(cp.period, w.w_from, w.w_to)
    where picked($cohorts, cp.cohort)
      and picked($arms, cp.arm)
      and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
),

answers as (
    select cm.span, cm.cohort, cm.arm, cm.period, a.scale_kind = 'nps' as nps, a.rater_type,
           a.respondent_id, a.pooled_score, a.pool_scales, a.favourable, a.promoter, a.detractor, a.anonymous
    from visible_answers($min_group) as a
    join cohort_month as cm on cm.cohort = a.cohort and cm.period = a.period
    where a.rater_group = 'others' and a.scale in ('likert4', 'likert5', 'likert7', 'nps11')
),

hidden as (
    select distinct cm.span, cm.cohort, cm.period, h.scale_kind = 'nps' as nps
    from hidden_cells($min_group) as h
    join cohort_month as cm on cm.cohort = h.cohort and cm.period = h.period
    where h.scale in ('likert4', 'likert5', 'likert7', 'nps11')
),

pooled as (
    select span, cohort, any_value(arm) as arm, nps, count(*) as answers, sum(pooled_score) as score_sum,
           pooled_unit(any_value(pool_scales)) as unit,
           count(*) filter (where favourable) as favourable, count(*) filter (where promoter) as promoters,
           count(*) filter (where detractor) as detractors, count(distinct respondent_id) as n,
           bool_or(anonymous) as counted_as_responses
    from answers
    group by span, cohort, nps
),

survey_scope as (
    select p.span, p.cohort, p.nps from pooled as p
    union
    select h.span, h.cohort, h.nps from hidden as h
),

survey as (
    select s.span, s.cohort, k.arm, s.nps, m.metric,
           case m.metric
               when 'pulse_mean' then p.score_sum / nullif(p.answers, 0)
               when 'favourable_pct' then 100.0 * p.favourable / nullif(p.answers, 0)
               else 100.0 * (p.promoters - p.detractors) / nullif(p.answers, 0)
           end as value,
           coalesce(p.n, 0) as n,
           exists (select 1 from hidden as h where h.span = s.span and h.cohort = s.cohort and h.nps = s.nps)
               as some_excluded,
           coalesce(p.counted_as_responses, false) as counted_as_responses,
           case when m.metric = 'pulse_mean' then p.unit end as unit
    from survey_scope as s
    join (select distinct cohort, arm from cohort_month) as k on k.cohort = s.cohort
    join (values ('pulse_mean', false), ('favourable_pct', false), ('enps', true))
        as m(metric, nps) on m.nps = s.nps
    left join pooled as p on p.span = s.span and p.cohort = s.cohort and p.nps = s.nps
),

invited as (
    select cm.span, cm.cohort, cm.arm, cm.period, m.person_id
    from stg_member as m
    join stg_leader as l on l.leader_id = m.leader_id
    join stg_period as p
        on (m.hire_date is null or m.hire_date <= p.period_end)
       and (m.exit_date is null or m.exit_date >= p.period_start)
    join cohort_month as cm on cm.cohort = l.cohort and cm.period = p.period
    where p.period <= (select max(period) from stg_pulse_response)
      and p.period >= (select min(period) from stg_pulse_response)
),

monthly_rate as (
    -- the response_rate table's months: members on the roster, direct reports who answered in
    -- visible cells; a month whose cell that table hides is pooled into nothing
    select i.span, i.cohort, any_value(i.arm) as arm, i.period,
           count(distinct i.person_id) as invited,
           coalesce((select count(distinct a.respondent_id) from answers as a
                     where a.span = i.span and a.cohort = i.cohort and a.period = i.period
                       and a.rater_type = 'direct_report'), 0) as responded,
           exists (select 1 from hidden as h
                   where h.span = i.span and h.cohort = i.cohort and h.period = i.period) as has_hidden
    from invited as i
    group by i.span, i.cohort, i.period
),

rate_months as (
    select *, visible_at(responded, $min_group) and visible_at(invited, $min_group) as shown
    from monthly_rate
),

members as (
    select i.span, i.cohort, count(distinct i.person_id) as n
    from invited as i
    join rate_months as r on r.span = i.span and r.cohort = i.cohort and r.period = i.period
    where r.shown
    group by i.span, i.cohort
),

rates as (
    select r.span, r.cohort, any_value(r.arm) as arm, 'response_rate_pct' as metric,
           100.0 * sum(r.responded) filter (where r.shown) / sum(r.invited) filter (where r.shown) as value,
           coalesce(any_value(m.n), 0) as n,
           bool_or(r.has_hidden or (r.responded > 0 and not r.shown)) as some_excluded
    from rate_months as r
    left join members as m on m.span = r.span and m.cohort = r.cohort
    group by r.span, r.cohort
),

teams as (
    select cm.span, t.*, b.visible, b.headcount as cohort_headcount
    from stg_team_month as t
    join cohort_month as cm on cm.cohort = t.cohort and cm.period = t.period
    join business_cells($min_group) as b on b.cohort = t.cohort and b.period = t.period
),

business as (
    select span, cohort, any_value(arm) as arm, 'escalation_rate' as metric,
           100.0 * sum(escalations) filter (where visible) / nullif(sum(interactions) filter (where visible), 0) as value,
           count(distinct leader_id) filter (where visible) as n, bool_or(not visible) as some_excluded,
           coalesce(max(cohort_headcount) filter (where visible), 0) as headcount
    from teams where escalations is not null and interactions > 0
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'attrition_rate',
           1200.0 * sum(voluntary_exits) filter (where visible) / nullif(sum(headcount) filter (where visible), 0),
           count(distinct leader_id) filter (where visible), bool_or(not visible),
           coalesce(max(cohort_headcount) filter (where visible), 0)
    from teams where voluntary_exits is not null and headcount > 0
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'csat', avg(csat) filter (where visible),
           count(distinct leader_id) filter (where visible), bool_or(not visible),
           coalesce(max(cohort_headcount) filter (where visible), 0)
    from teams where csat is not null
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'clarifications_per_100',
           100.0 * sum(clarification_requests) filter (where visible) / nullif(sum(messages) filter (where visible), 0),
           count(distinct leader_id) filter (where visible), bool_or(not visible),
           coalesce(max(cohort_headcount) filter (where visible), 0)
    from teams where clarification_requests is not null and messages > 0
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'meeting_participation',
           100.0 * avg(meeting_participation_rate) filter (where visible),
           count(distinct leader_id) filter (where visible), bool_or(not visible),
           coalesce(max(cohort_headcount) filter (where visible), 0)
    from teams where meeting_participation_rate is not null
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'response_hours', avg(median_response_hours) filter (where visible),
           count(distinct leader_id) filter (where visible), bool_or(not visible),
           coalesce(max(cohort_headcount) filter (where visible), 0)
    from teams where median_response_hours is not null
    group by span, cohort
)

select span, cohort, arm, metric, value, n, null::bigint as headcount, some_excluded, counted_as_responses, unit
from survey
union all
select span, cohort, arm, metric, value, n, null, some_excluded, false, null from rates
union all
select span, cohort, arm, metric, value, n, headcount, some_excluded, false, null from business
order by cohort, metric, span
