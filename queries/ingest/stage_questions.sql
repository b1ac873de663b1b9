-- grain: one row per data record of the question catalogue being imported (view src), typed, with err__ checks
create or replace temp table staged as
with typed as (
    select
        rec,
        clean(question_id) as question_id,
        clean(text) as text,
        category(scale, $scale_keys, $scale_values) as scale,
        clean(construct) as construct,
        category(reverse_scored, $bool_keys, $bool_values) as reverse_given,
        -- custom labels, lowest first: 'Never;Rarely;...' or '1=Never;2=Rarely;...'
        string_split_regex(clean(label_map), '\s*[;|]\s*') as label_entries,
        extra,
        scale as scale_text,
        reverse_scored as reverse_text
    from src
),

labelled as (
    select
        *,
        case when label_entries is not null then
            list_transform(
                label_entries,
                lambda entry, i: {
                    'label': token(coalesce(nullif(regexp_extract(entry, '^\s*-?[0-9]+\s*=\s*(.+)$', 1), ''), entry)),
                    'value': coalesce(
                        try_cast(regexp_extract(entry, '^\s*(-?[0-9]+)\s*=', 1) as integer),
                        i - 1 + case when scale = 'nps11' then 0 else 1 end
                    )
                }
            )
        end as labels
    from typed
)

select
    rec,
    question_id,
    text,
    scale,
    construct,
    coalesce(reverse_given = 'true', false) as reverse_scored,
    to_json(labels) as label_map,
    extra,
    null::varchar as cell_header,
    case when question_id is null then 'missing' end as err__question_id,
    case when text is null then 'missing' end as err__text,
    case
        when clean(scale_text) is null then 'missing'
        when scale is null then problem('unknown_scale', scale_text)
    end as err__scale,
    case
        when reverse_given is null and clean(reverse_text) is not null then problem('not_yes_no', reverse_text)
    end as err__reverse_scored,
    case
        when labels is not null and scale is not null
            and len(list_filter(labels, lambda l: l.value < $scale_low[list_position($scale_names, scale)]
                                          or l.value > $scale_high[list_position($scale_names, scale)])) > 0
            then problem('label_outside_scale', scale)
    end as err__label_map
from labelled
