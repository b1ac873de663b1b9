-- grain: one row per cohort × period × question version × rater group (Likert questions) with an
-- eligible answer: distinct respondents, answers, mean score (and its standard deviation, for
-- interval bands) and favourable share, pooled over the leaders' cells visible at $min_group only
-- (visible_answers); some_excluded = a hidden cell of the cohort-month-question was left out
-- (hidden_cells: that it exists, not which or how large); counted_as_responses = some answers
-- came without respondent ids (each response counted as one respondent). mean_score is on the
-- question's own scale; pooled_sum sums its answers' pooled_score, so an index over questions
-- (kpi.smoothing.pulse_index) pools pooled_sum ÷ answers in `unit` (pooled_unit: the question's
-- scale, or percent of each scale's range when the pulse's agreement questions differ in scale)
with answers as (
    select *
    from visible_answers($min_group)
    where cohort is not null
      and scale in ('likert4', 'likert5', 'likert7')
      and picked($cohorts, cohort)
      and picked($rater_groups, rater_group)
      and in_range(period, $period_from, $period_to)
),

pooled as (
    select
        cohort, period, question_id, question_import_id, rater_group,
        count(distinct respondent_id) as n,
        count(*) as answers,
        sum(score) as score_sum,
        sum(score * score) as score_sq_sum,
        sum(pooled_score) as pooled_sum,
        pooled_unit(any_value(pool_scales)) as unit,
        count(*) filter (where favourable) as favourable,
        bool_or(anonymous) as counted_as_responses
    from answers
    group by cohort, period, question_id, question_import_id, rater_group
),

hidden as (
    select distinct cohort, period, question_id, question_import_id, 'others' as rater_group
    from hidden_cells($min_group)
    where cohort is not null
      and scale in ('likert4', 'likert5', 'likert7')
      and picked($cohorts, cohort)
      and picked($rater_groups, 'others')
      and in_range(period, $period_from, $period_to)
),

cells as (
    select
        coalesce(p.cohort, h.cohort) as cohort,
        coalesce(p.period, h.period) as period,
        coalesce(p.question_id, h.question_id) as question_id,
        coalesce(p.question_import_id, h.question_import_id) as question_import_id,
        coalesce(p.rater_group, h.rater_group) as rater_group,
        coalesce(p.n, 0) as n,
        coalesce(p.answers, 0) as answers,
        p.score_sum,
        p.score_sq_sum,
        p.pooled_sum,
        p.unit,
        p.favourable,
        h.cohort is not null as some_excluded,
        coalesce(p.counted_as_responses, false) as counted_as_responses
    from pooled as p
    full join hidden as h
        on h.cohort = p.cohort and h.period = p.period and h.question_id = p.question_id
       and h.question_import_id = p.question_import_id and h.rater_group = p.rater_group
)

select
    c.cohort,
    c.period,
    cp.phase,
    coalesce(cp.module_id, '') as module_id,
    c.question_id,
    c.rater_group,
    c.n,
    c.answers,
    c.score_sum / nullif(c.answers, 0) as mean_score,
    case when c.answers > 1
        then sqrt(greatest(c.score_sq_sum - c.score_sum * c.score_sum / c.answers, 0) / (c.answers - 1))
    end as sd_score,
    100.0 * c.favourable / nullif(c.answers, 0) as favourable_pct,
    coalesce(q.version, 1) as question_version,
    q.text as question_text,
    coalesce(q.scale, 'likert5') as scale,
    coalesce(k.arm, 'program') as arm,
    c.some_excluded,
    c.counted_as_responses,
    c.pooled_sum,
    c.unit
from cells as c
left join stg_question_version as q
    on q.question_id = c.question_id and q.question_import_id = c.question_import_id
left join stg_cohort as k on k.cohort = c.cohort
left join stg_cohort_period as cp on cp.cohort = c.cohort and cp.period = c.period
where picked($arms, coalesce(k.arm, 'program'))
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
order by c.cohort, c.period, c.question_id, question_version, c.rater_group
