-- grain: one row per span (current, previous) × cohort × metric: each KPI with the whole
-- span taken as one period, by the same definitions as the monthly tables (others' pulse
-- answers pooled over the span, summed from the cohort aggregates; response rate over
-- member-months, counted as the response_rate table counts them; business rates from summed
-- numerators and denominators). n = distinct respondents (survey), distinct members invited
-- (response rate) or teams reporting (business); min_cell_n = the smallest monthly cell the
-- monthly tables publish for it (question × month, or month), which the privacy rule needs.
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

pooled as (
    -- others' answers summed over the span, from the cohort × month aggregates
    select cm.span, c.cohort, cm.arm, c.scale_kind = 'nps' as nps, sum(c.answers) as answers,
           sum(c.score_sum) as score_sum, sum(c.favourable) as favourable,
           sum(c.promoters) as promoters, sum(c.detractors) as detractors
    from agg_pulse_cohort as c
    join cohort_month as cm on cm.cohort = c.cohort and cm.period = c.period
    where c.question_id is null and c.rater = 'others' and c.scale_kind in ('likert', 'nps')
    group by cm.span, c.cohort, cm.arm, c.scale_kind
),

respondents as (
    -- distinct respondents over the whole span: only the answers can say (one pass)
    select cm.span, a.cohort, a.scale = 'nps11' as nps, count(distinct a.respondent_id) as n
    from stg_pulse_answer as a
    join cohort_month as cm on cm.cohort = a.cohort and cm.period = a.period
    where a.rater_group = 'others' and a.scale in ('likert5', 'likert7', 'nps11')
    group by cm.span, a.cohort, a.scale = 'nps11'
),

cells as (
    -- the smallest question × month cell the monthly tables publish (their n)
    select cm.span, c.cohort, coalesce(q.scale, 'likert5') = 'nps11' as nps,
           min(c.respondents) as min_cell_n
    from agg_pulse_cohort as c
    join cohort_month as cm on cm.cohort = c.cohort and cm.period = c.period
    left join stg_question_version as q
        on q.question_id = c.question_id and q.question_import_id = c.question_import_id
    where c.question_id is not null and c.rater = 'others'
    group by cm.span, c.cohort, coalesce(q.scale, 'likert5') = 'nps11'
),

survey as (
    select p.span, p.cohort, p.arm, p.nps, m.metric,
           case m.metric
               when 'pulse_mean' then p.score_sum / p.answers
               when 'favourable_pct' then 100.0 * p.favourable / p.answers
               else 100.0 * (p.promoters - p.detractors) / p.answers
           end as value,
           r.n
    from pooled as p
    join (values ('pulse_mean', false), ('favourable_pct', false), ('enps', true))
        as m(metric, nps) on m.nps = p.nps
    join respondents as r on r.span = p.span and r.cohort = p.cohort and r.nps = p.nps
    where p.answers > 0
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
    -- the response_rate table's months: members on the roster, direct reports who answered
    select i.span, i.cohort, any_value(i.arm) as arm, i.period,
           count(distinct i.person_id) as invited, any_value(coalesce(a.respondents, 0)) as responded
    from invited as i
    left join agg_pulse_cohort as a
        on a.cohort = i.cohort and a.period = i.period
       and a.scale_kind = 'any' and a.rater = 'direct_report'
    group by i.span, i.cohort, i.period
),

members as (
    select span, cohort, count(distinct person_id) as n
    from invited
    group by span, cohort
),

rates as (
    select r.span, r.cohort, any_value(r.arm) as arm, 'response_rate_pct' as metric,
           100.0 * sum(r.responded) / sum(r.invited) as value,
           any_value(m.n) as n,
           min(r.invited) as min_cell_n
    from monthly_rate as r
    join members as m on m.span = r.span and m.cohort = r.cohort
    group by r.span, r.cohort
),

teams as (
    select cm.span, t.*
    from stg_team_month as t
    join cohort_month as cm on cm.cohort = t.cohort and cm.period = t.period
),

business as (
    select span, cohort, any_value(arm) as arm, 'escalation_rate' as metric,
           100.0 * sum(escalations) / nullif(sum(interactions), 0) as value,
           count(distinct leader_id) as n
    from teams where escalations is not null and interactions > 0
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'attrition_rate',
           1200.0 * sum(voluntary_exits) / nullif(sum(headcount), 0), count(distinct leader_id)
    from teams where voluntary_exits is not null and headcount > 0
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'csat', avg(csat), count(distinct leader_id)
    from teams where csat is not null
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'clarifications_per_100',
           100.0 * sum(clarification_requests) / nullif(sum(messages), 0), count(distinct leader_id)
    from teams where clarification_requests is not null and messages > 0
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'meeting_participation',
           100.0 * avg(meeting_participation_rate), count(distinct leader_id)
    from teams where meeting_participation_rate is not null
    group by span, cohort
    union all
    select span, cohort, any_value(arm), 'response_hours', avg(median_response_hours),
           count(distinct leader_id)
    from teams where median_response_hours is not null
    group by span, cohort
)

select s.span, s.cohort, s.arm, s.metric, s.value, s.n, c.min_cell_n
from survey as s
join cells as c on c.span = s.span and c.cohort = s.cohort and c.nps = s.nps
union all
select span, cohort, arm, metric, value, n, min_cell_n from rates
union all
select span, cohort, arm, metric, value, n, null from business
order by cohort, metric, span
