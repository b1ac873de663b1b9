-- grain: one row per cohort × period × question version × rater group (Likert questions):
-- distinct respondents, answers, mean score (and its standard deviation, for interval bands) and
-- favourable share (from the cohort aggregates), with the period's phase and modules
select
    c.cohort,
    c.period,
    cp.phase,
    coalesce(cp.module_id, '') as module_id,
    c.question_id,
    c.rater as rater_group,
    c.respondents as n,
    c.answers,
    c.score_sum / c.answers as mean_score,
    case when c.answers > 1
        then sqrt(greatest(c.score_sq_sum - c.score_sum * c.score_sum / c.answers, 0) / (c.answers - 1))
    end as sd_score,
    100.0 * c.favourable / c.answers as favourable_pct,
    coalesce(q.version, 1) as question_version,
    q.text as question_text,
    coalesce(q.scale, 'likert5') as scale,
    coalesce(k.arm, 'program') as arm
from agg_pulse_cohort as c
left join stg_question_version as q
    on q.question_id = c.question_id and q.question_import_id = c.question_import_id
left join stg_cohort as k on k.cohort = c.cohort
left join stg_cohort_period as cp on cp.cohort = c.cohort and cp.period = c.period
where c.question_id is not null
  and coalesce(q.scale, 'likert5') in ('likert5', 'likert7')
  and picked($cohorts, c.cohort)
  and picked($arms, coalesce(k.arm, 'program'))
  and picked($rater_groups, c.rater)
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(c.period, $period_from, $period_to)
order by c.cohort, c.period, c.question_id, question_version, c.rater
