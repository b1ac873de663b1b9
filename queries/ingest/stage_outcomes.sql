-- grain: one row per leader's team × period × metric in the outcomes file being imported (view outcomes_src), typed, with err__ checks
create or replace temp table staged as
with typed as (
    select
        rec,
        parse_period(period) as period,
        pseudonym(leader_id, $salt) as leader_id,
        token(metric) as metric,
        is_missing(value, $missing) and coalesce(try_cast(clean(value) as double) >= 0, true) as not_applicable,
        to_number(rtrim(clean(value), '%'), $decimal_comma) as value,
        extra,
        period as period_text,
        value as value_text,
        cell_header
    from outcomes_src
)

select
    rec,
    period,
    leader_id,
    metric,
    value,
    not_applicable,
    extra,
    cell_header,
    case
        when clean(period_text) is null then 'missing'
        when period is null then problem('bad_period', period_text)
    end as err__period,
    case when leader_id is null then 'missing' end as err__leader_id,
    case when metric is null or metric = '' then 'missing' end as err__metric,
    case
        when clean(value_text) is null then 'missing'
        when not_applicable then null
        when value is null then problem('bad_number', value_text)
        when value < 0 and list_contains($count_metrics, metric) then 'negative'
    end as err__value
from typed
