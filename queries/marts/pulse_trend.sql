-- grain: one row per cohort × period × question version × rater group (Likert questions):
-- distinct respondents, answers, mean score (and its standard deviation, for interval bands) and
-- favourable share, with the period's phase and modules
select
    a.cohort,
    a.period,
    cp.phase,
    coalesce(cp.module_id, '') as module_id,
    a.question_id,
    a.rater_group,
    count(distinct a.respondent_id) as n,
    count(*) as answers,
    avg(a.score) as mean_score,
    stddev_samp(a.score) as sd_score,
    100.0 * count(*) filter (where a.favourable) / count(*) as favourable_pct,
    a.question_version,
    any_value(a.question_text) as question_text,
    a.scale,
    a.arm
from stg_pulse_answer as a
left join stg_cohort_period as cp on cp.cohort = a.cohort and cp.period = a.period
where a.scale in ('likert5', 'likert7')
  and a.cohort is not null
  and picked($cohorts, a.cohort)
  and picked($arms, a.arm)
  and picked($rater_groups, a.rater_group)
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(a.period, $period_from, $period_to)
group by a.cohort, a.arm, a.period, cp.phase, cp.module_id, a.question_id, a.question_version, a.scale, a.rater_group
order by a.cohort, a.period, a.question_id, a.question_version, a.rater_group
