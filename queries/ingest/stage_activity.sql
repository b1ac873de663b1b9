-- grain: one row per data record of the LMS activity file being imported (view src), typed, with err__ checks
create or replace temp table staged as
with typed as (
    select
        rec,
        pseudonym(person_id, $salt) as person_id,
        clean(module_id) as module_id,
        category(activity, $activity_keys, $activity_values) as activity,
        parse_ts(completed_at, $fmt_completed_at) as completed_at,
        to_number(minutes, $decimal_comma) as minutes,
        category(status, $status_keys, $status_values) as status_given,
        extra,
        activity as activity_text,
        completed_at as completed_at_text,
        minutes as minutes_text,
        status as status_text
    from src
)

select
    rec,
    person_id,
    module_id,
    activity,
    completed_at,
    minutes,
    coalesce(status_given, case when completed_at is not null then 'completed' end) as status,
    extra,
    null::varchar as cell_header,
    case when person_id is null then 'missing' end as err__person_id,
    case when module_id is null then 'missing' end as err__module_id,
    case
        when clean(activity_text) is null then 'missing'
        when activity is null then problem('unknown', activity_text)
    end as err__activity,
    case
        when completed_at is null and clean(completed_at_text) is not null then problem('bad_date', completed_at_text)
        when completed_at is null and coalesce(status_given, 'completed') = 'completed' then 'missing_completion'
    end as err__completed_at,
    case
        when clean(minutes_text) is not null and minutes is null then problem('bad_number', minutes_text)
        when minutes < 0 then 'negative'
    end as err__minutes,
    case when status_given is null and clean(status_text) is not null then problem('unknown', status_text) end as err__status
from typed
