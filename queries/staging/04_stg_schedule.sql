-- grain: one row per current cohort × module, with the cohort's wave: cohorts whose
-- training periods overlap form one wave and share its baseline/program/follow-up months
create or replace temp view stg_schedule as
with current_rows as (
    select cohort, module_id, coalesce(module_name, module_id) as module_name, start_date, end_date
    from schedule
    where superseded_by is null
),

cohort_span as (
    select cohort, min(start_date) as first_start, max(end_date) as last_end
    from current_rows
    group by cohort
),

ordered as (
    select
        *,
        max(last_end) over (order by first_start, cohort rows between unbounded preceding and 1 preceding) as earlier_end
    from cohort_span
),

islands as (
    select
        *,
        cast(sum(case when earlier_end is null or first_start > earlier_end then 1 else 0 end)
            over (order by first_start, cohort rows unbounded preceding) as integer) as wave
    from ordered
),

waves as (
    select
        cohort,
        wave,
        min(first_start) over (partition by wave) as wave_start,
        max(last_end) over (partition by wave) as wave_end
    from islands
)

select r.*, w.wave, w.wave_start, w.wave_end
from current_rows as r
join waves as w using (cohort)
