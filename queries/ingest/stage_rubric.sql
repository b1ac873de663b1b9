-- grain: one row per assessment × dimension in the rubric file being imported (view rubric_src), typed, with err__ checks
create or replace temp table staged as
with typed as (
    select
        rec,
        cast(parse_ts(assessed_at, $fmt_assessed_at) as date) as assessed_at,
        pseudonym(leader_id, $salt) as leader_id,
        clean(module_id) as module_id,
        category(assessor_type, $assessor_type_keys, $assessor_type_values) as assessor_type,
        pseudonym(assessor_id, $salt) as assessor_id,
        case when list_contains($dimensions, token(dimension)) then token(dimension) end as dimension,
        is_missing(level, $missing) and clean(level) is not null as level_not_applicable,
        category(level, $level_keys, $level_values) as level_value,
        mask_contact(clean(note)) as note,  -- e-mail addresses and phone numbers masked
        extra,
        assessed_at as assessed_at_text,
        assessor_type as assessor_type_text,
        dimension as dimension_text,
        level as level_text,
        cell_header
    from rubric_src
)

select
    rec,
    assessed_at,
    leader_id,
    module_id,
    assessor_type,
    assessor_id,
    dimension,
    cast(case when not level_not_applicable then level_value end as tinyint) as level,
    note,
    extra,
    cell_header,
    case
        when clean(assessed_at_text) is null then 'missing'
        when assessed_at is null then problem('bad_date', assessed_at_text)
    end as err__assessed_at,
    case when leader_id is null then 'missing' end as err__leader_id,
    case when module_id is null then 'missing' end as err__module_id,
    case
        when clean(assessor_type_text) is null then 'missing'
        when assessor_type is null then problem('unknown', assessor_type_text)
    end as err__assessor_type,
    case
        when clean(dimension_text) is null then 'missing'
        when dimension is null then problem('unknown_dimension', dimension_text)
    end as err__dimension,
    case
        when clean(level_text) is null then 'missing'
        when not level_not_applicable and level_value is null then problem('bad_level', level_text)
    end as err__level
from typed
