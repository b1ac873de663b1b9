-- grain: one row per non-empty comment from others (peers, direct reports) in the filtered
-- cohorts and periods, with the size of the group it hides in: the distinct respondents of its
-- cohort in its month, the smallest slice any filter can take, so no two filter choices can
-- be subtracted to isolate fewer people
with picked_responses as (
    select r.*, count(distinct r.respondent_id) over (partition by r.cohort, r.period)
        as group_respondents
    from stg_pulse_response as r
    left join stg_cohort_period as cp on cp.cohort = r.cohort and cp.period = r.period
    where r.rater_group = 'others'
      and r.cohort is not null
      and picked($cohorts, r.cohort)
      and picked($arms, r.arm)
      and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
      and in_range(r.period, $period_from, $period_to)
)

select cohort, period, comment, group_respondents
from picked_responses
where comment is not null
