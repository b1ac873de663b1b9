-- grain: one row per span (current, previous) × cohort × metric: each KPI with the whole
-- span taken as one period, by the same definitions as the monthly tables (pulse answers of
-- others pooled over the span; response rate over member-months; business rates from summed
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

answers as (
    select cm.span, a.*
    from stg_pulse_answer as a
    join cohort_month as cm on cm.cohort = a.cohort and cm.period = a.period
    where a.rater_group = 'others'
),

cells as (
    select span, cohort, scale = 'nps11' as nps, min(n) as min_cell_n
    from (
        select span, cohort, scale, period, question_id, question_version,
               count(distinct respondent_id) as n
        from answers
        group by span, cohort, scale, period, question_id, question_version
    )
    group by span, cohort, scale = 'nps11'
),

survey as (
    select span, cohort, any_value(arm) as arm, false as nps, 'pulse_mean' as metric,
           avg(score) as value, count(distinct respondent_id) as n
    from answers where scale in ('likert5', 'likert7')
    group by span, cohort
    union all
    select span, cohort, any_value(arm), false, 'favourable_pct',
           100.0 * count(*) filter (where favourable) / count(*), count(distinct respondent_id)
    from answers where scale in ('likert5', 'likert7')
    group by span, cohort
    union all
    select span, cohort, any_value(arm), true, 'enps',
           100.0 * (count(*) filter (where promoter) - count(*) filter (where detractor)) / count(*),
           count(distinct respondent_id)
    from answers where scale = 'nps11'
    group by span, cohort
),

invited as (
    select cm.span, cm.cohort, cm.arm, cm.period, m.person_id, m.leader_id
    from stg_member as m
    join stg_leader as l on l.leader_id = m.leader_id
    join stg_period as p
        on (m.hire_date is null or m.hire_date <= p.period_end)
       and (m.exit_date is null or m.exit_date >= p.period_start)
    join cohort_month as cm on cm.cohort = l.cohort and cm.period = p.period
    where p.period <= (select max(period) from stg_pulse_response)
      and p.period >= (select min(period) from stg_pulse_response)
),

answered as (
    select distinct period, leader_id, respondent_id
    from stg_pulse_response
    where rater_type = 'direct_report'
),

monthly_rate as (
    select i.span, i.cohort, i.arm, i.period,
           count(distinct i.person_id) as invited, count(distinct a.respondent_id) as responded,
           list(distinct i.person_id) as people
    from invited as i
    left join answered as a
        on a.period = i.period and a.leader_id = i.leader_id and a.respondent_id = i.person_id
    group by i.span, i.cohort, i.arm, i.period
),

rates as (
    select span, cohort, any_value(arm) as arm, 'response_rate_pct' as metric,
           100.0 * sum(responded) / sum(invited) as value,
           len(list_distinct(flatten(list(people)))) as n,
           min(invited) as min_cell_n
    from monthly_rate
    group by span, cohort
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
