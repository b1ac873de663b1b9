-- grain: one row per response in the pulse file being imported (view pulse_src), typed, with err__ checks.
-- A blank leader_id or rater_type is taken from the stored roster through the respondent; a roster
-- leader who names no leader (and no other rater type) is rating themself.
-- Survey-tool layouts may derive the response id ($derived_response_id: a salted hash of key cells)
-- and count an anonymous response as its own respondent ($anonymous_respondents). The question cells
-- (q__N, wide form) ride along so the answers are unpivoted with their response's attributes.
create or replace temp table staged_response as
with ids as (
    select
        *,
        case
            when $derived_response_id then derived_id(response_id, $salt)
            else pseudonym(response_id, $salt)  -- a response id made of an e-mail address is hashed too
        end as response_key
    from pulse_src
),

typed as (
    select
        rec,
        response_key as response_id,
        parse_ts(submitted_at, $fmt_submitted_at) as submitted_at,
        parse_period(period) as period_given,
        coalesce(
            pseudonym(respondent_id, $salt),
            case when $anonymous_respondents then response_key end
        ) as respondent_id,
        pseudonym(leader_id, $salt) as leader_given,
        category(rater_type, $rater_type_keys, $rater_type_values) as rater_given,
        mask_contact(clean(comment)) as comment,  -- e-mail addresses and phone numbers masked
        extra,
        coalesce(n_variants, 1) as n_variants,
        columns('^q__'),
        submitted_at as submitted_at_text,
        period as period_text,
        rater_type as rater_type_text,
        leader_id as leader_text
    from ids
),

people as (
    select person_id, any_value(role) as role, any_value(leader_id) as leader_id
    from roster
    where superseded_by is null
    group by person_id
),

led as (
    select
        t.*,
        p.role,
        p.leader_id as roster_leader,
        coalesce(
            t.leader_given,
            case
                when p.role = 'member' then p.leader_id
                when p.role = 'leader' and coalesce(t.rater_given, 'self') = 'self' then t.respondent_id
            end
        ) as leader_id
    from typed as t
    left join people as p on p.person_id = t.respondent_id
),

resolved as (
    select
        * exclude (role, roster_leader),
        coalesce(
            rater_given,
            case
                when clean(rater_type_text) is not null then null  -- given but unknown: refused below
                when respondent_id = leader_id then 'self'
                when role = 'member' and roster_leader = leader_id then 'direct_report'
            end
        ) as rater_type
    from led
)

select
    rec,
    response_id,
    submitted_at,
    coalesce(period_given, strftime(submitted_at, '%Y-%m')) as period,
    respondent_id,
    rater_type,
    leader_id,
    comment,
    extra,
    columns('^q__'),
    null::varchar as cell_header,
    case when response_id is null then 'missing' end as err__response_id,
    case
        when clean(submitted_at_text) is null then 'missing'
        when submitted_at is null then problem('bad_date', submitted_at_text)
    end as err__submitted_at,
    case when period_given is null and clean(period_text) is not null then problem('bad_period', period_text) end as err__period,
    case when respondent_id is null then 'missing' end as err__respondent_id,
    case
        when rater_type is null and clean(rater_type_text) is not null then problem('unknown', rater_type_text)
        when rater_type is null then 'missing_rater_type'
    end as err__rater_type,
    case when leader_id is null then 'missing_leader' end as err__leader_id,
    case when n_variants > 1 then 'inconsistent_response' end as err__response_rows
from resolved
