-- grain: one row per impact metric × wave × leader: the metric's numerator and denominator
-- pooled over the wave's baseline months and over its follow-up months, and whether any single
-- month of each window was visible on its own at $min_group (visible_at, per leader-month cell,
-- before pooling). Program leaders are measured over their own wave's months; comparison leaders
-- over every wave's months ($windows: wave, baseline_to, post_from).
with windows as (
    select w.wave, w.baseline_to, w.post_from from (select unnest($windows) as w)
),

program_cohorts as (
    select p.cohort, p.wave from (select unnest($program) as p)
),

rows as (
    -- program leaders over their own wave's months
    select m.*, w.wave, w.baseline_to, w.post_from
    from stg_impact_leader_period as m
    join program_cohorts as pc on pc.cohort = m.cohort
    join windows as w on w.wave = pc.wave
    where in_range(m.period, $period_from, $period_to)
    union all
    -- comparison leaders over every wave's months
    select m.*, w.wave, w.baseline_to, w.post_from
    from stg_impact_leader_period as m
    cross join windows as w
    where list_contains($comparison, m.cohort)
      and in_range(m.period, $period_from, $period_to)
)

select
    metric,
    wave,
    case when list_contains($comparison, cohort) then 'comparison' else 'program' end as arm,
    leader_id,
    sum(num) filter (where period <= baseline_to) as base_num,
    sum(den) filter (where period <= baseline_to) as base_den,
    bool_or(visible_at(n, $min_group)) filter (where period <= baseline_to) as base_visible,
    sum(num) filter (where period >= post_from) as post_num,
    sum(den) filter (where period >= post_from) as post_den,
    bool_or(visible_at(n, $min_group)) filter (where period >= post_from) as post_visible
from rows
group by metric, wave, cohort, leader_id
