-- grain: one row per non-empty comment from others (peers, direct reports) in the filtered
-- cohorts and periods, with the size of the group it hides in: the distinct eligible respondents
-- of its cohort in its month with answers in cells visible at $min_group (visible_answers: a made-up
-- respondent or a small team counts nowhere), the smallest slice any filter can take, so no two
-- filter choices can be subtracted to isolate fewer people. shown = that group reached
-- $comment_min_group and the comment's response is itself in a visible cell. Ordered by a hash of
-- the text: the same every time, unrelated to when or by whom a comment was written.
with answered as (
    select cohort, period, response_id, respondent_id
    from visible_answers($min_group)
    where rater_group = 'others' and cohort is not null
),

groups as (
    select cohort, period, count(distinct respondent_id) as respondents
    from answered
    group by cohort, period
),

counted as (
    select distinct response_id from answered
)

select
    r.cohort,
    r.period,
    r.comment,
    visible_at(g.respondents, $comment_min_group) and c.response_id is not null as shown
from stg_pulse_response as r
left join groups as g on g.cohort = r.cohort and g.period = r.period
left join counted as c on c.response_id = r.response_id
left join stg_cohort_period as cp on cp.cohort = r.cohort and cp.period = r.period
where r.rater_group = 'others'
  and r.comment is not null
  and r.cohort is not null
  and picked($cohorts, r.cohort)
  and picked($arms, r.arm)
  and (len($modules) = 0 or list_has_any($modules, string_split(cp.module_id, '+')))
  and in_range(r.period, $period_from, $period_to)
order by sha256(r.cohort || chr(31) || r.comment), r.cohort, r.period
