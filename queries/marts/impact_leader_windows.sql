-- grain: one row per impact metric × wave × leader: the metric's numerator and denominator
-- pooled over the wave's baseline months and over its follow-up months, from the cells visible at
-- $min_group only (impact_leader_period: a small month or a small team is in no window, so two
-- windows never differ by a hidden month), and whether a hidden cell of each window was left out.
-- Program leaders are measured over their own wave's months; comparison leaders over every wave's
-- months ($windows: wave, baseline_to, post_from). `unit`: what the pulse score is in (pooled_unit).
with windows as (
    select w.wave, w.baseline_to, w.post_from from (select unnest($windows) as w)
),

program_cohorts as (
    select p.cohort, p.wave from (select unnest($program) as p)
),

cells as (
    select * from impact_leader_period($min_group) where in_range(period, $period_from, $period_to)
),

rows as (
    -- program leaders over their own wave's months
    select m.*, w.wave, w.baseline_to, w.post_from
    from cells as m
    join program_cohorts as pc on pc.cohort = m.cohort
    join windows as w on w.wave = pc.wave
    union all
    -- comparison leaders over every wave's months
    select m.*, w.wave, w.baseline_to, w.post_from
    from cells as m
    cross join windows as w
    where list_contains($comparison, m.cohort)
)

select
    metric,
    wave,
    case when list_contains($comparison, cohort) then 'comparison' else 'program' end as arm,
    leader_id,
    sum(num) filter (where period <= baseline_to) as base_num,
    sum(den) filter (where period <= baseline_to) as base_den,
    coalesce(bool_or(excluded) filter (where period <= baseline_to), false) as base_excluded,
    sum(num) filter (where period >= post_from) as post_num,
    sum(den) filter (where period >= post_from) as post_den,
    coalesce(bool_or(excluded) filter (where period >= post_from), false) as post_excluded,
    any_value(unit) as unit
from rows
group by metric, wave, cohort, leader_id
