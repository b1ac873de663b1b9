-- grain: one row per data record of the schedule file being imported (view src), typed, with err__ checks
create or replace temp table staged as
with typed as (
    select
        rec,
        clean(cohort) as cohort,
        clean(module_id) as module_id,
        clean(module_name) as module_name,
        cast(parse_ts(start_date, $fmt_start_date) as date) as start_date,
        cast(parse_ts(end_date, $fmt_end_date) as date) as end_date,
        extra,
        start_date as start_date_text,
        end_date as end_date_text
    from src
)

select
    rec,
    cohort,
    module_id,
    module_name,
    start_date,
    end_date,
    extra,
    null::varchar as cell_header,
    case when cohort is null then 'missing' end as err__cohort,
    case when module_id is null then 'missing' end as err__module_id,
    case
        when clean(start_date_text) is null then 'missing'
        when start_date is null then problem('bad_date', start_date_text)
    end as err__start_date,
    case
        when clean(end_date_text) is null then 'missing'
        when end_date is null then problem('bad_date', end_date_text)
        when end_date < start_date then 'end_before_start'
    end as err__end_date
from typed
