-- grain: one row per impact metric × wave × arm × leader × month of the wave's baseline or
-- follow-up window: the metric's numerator and denominator that month from the cells visible at
-- $min_group (impact_leader_period), and `visible`: no hidden cell of that leader-month was left
-- out. Program leaders are measured over their own wave's months, comparison leaders over every
-- wave's ($windows: wave, baseline_to, post_from). Feeds the parallel-trends check (placebo
-- difference-in-differences on the baseline months) and the baseline trend table; the impact
-- estimate itself pools impact_leader_windows.
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
    select m.*, w.wave, w.baseline_to, w.post_from, 'program' as arm_in_design
    from cells as m
    join program_cohorts as pc on pc.cohort = m.cohort
    join windows as w on w.wave = pc.wave
    union all
    select m.*, w.wave, w.baseline_to, w.post_from, 'comparison'
    from cells as m
    cross join windows as w
    where list_contains($comparison, m.cohort)
)

select
    metric,
    wave,
    arm_in_design as arm,
    leader_id,
    period,
    case when period <= baseline_to then 'baseline' else 'post' end as window,
    num,
    den,
    not excluded as visible
from rows
where period <= baseline_to or period >= post_from
order by metric, wave, arm, leader_id, period
