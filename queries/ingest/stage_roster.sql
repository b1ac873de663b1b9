-- grain: one row per data record of the roster file being imported (view src), typed,
-- with one err__<field> column per check (null when the value is fine). A blank cohort means
-- "not in a cohort yet" (the pilot plan assigns leaders); members take their leader's.
-- An HR employee list ($hr_list: no role or no cohort column) keeps what the stored roster says of a person it
-- lists (role, cohort, arm); a new person who leads someone in the file is a leader, anyone else a member.
-- The name and e-mail columns are only hashed into match_keys, for finding the person from other files.
create or replace temp table staged as
with typed0 as (
    select
        rec,
        -- ids (e-mail addresses become salted hashes)
        pseudonym(person_id, $salt) as person_id,
        pseudonym(leader_id, $salt) as leader_id,
        -- categories
        category(role, $role_keys, $role_values) as role,
        category(arm, $arm_keys, $arm_values) as arm_given,
        category(exit_reason, $exit_reason_keys, $exit_reason_values) as exit_reason,
        -- text
        clean(cohort) as cohort_given,
        match_keys(coalesce(clean(name), nullif(concat_ws(' ', clean(first_name), clean(last_name)), '')),
                   email, $salt) as match_keys,
        clean(team) as team,
        clean(location) as location,
        -- dates
        cast(parse_ts(hire_date, $fmt_hire_date) as date) as hire_date,
        cast(parse_ts(exit_date, $fmt_exit_date) as date) as exit_date,
        extra,
        -- as given, for messages
        role as role_text,
        arm as arm_text,
        exit_reason as exit_reason_text,
        hire_date as hire_date_text,
        exit_date as exit_date_text
    from src
),

stored as (
    select person_id, any_value(role) as role, any_value(cohort) as cohort, any_value(arm) as arm,
           any_value(match_keys) as match_keys
    from roster
    where superseded_by is null
    group by person_id
),

typed as (
    select
        t.* replace (
            coalesce(t.role, case when $hr_list then coalesce(
                st.role,
                case when t.person_id in (select leader_id from typed0 where leader_id is not null) then 'leader'
                     else 'member' end
            ) end) as role,
            coalesce(t.cohort_given, case when $hr_list then st.cohort end) as cohort_given,
            coalesce(t.arm_given, case when $hr_list then st.arm end) as arm_given,
            -- an employee list without e-mail addresses keeps the ones the roster had
            case when $hr_list then list_distinct(t.match_keys || coalesce(st.match_keys, [])) else t.match_keys end
                as match_keys
        )
    from typed0 as t
    left join stored as st on st.person_id = t.person_id
),

leaders_known as (
    -- a member with no cohort or arm takes the leader's, from this file or the stored roster
    select person_id, any_value(cohort_given) as cohort, any_value(arm_given) as arm
    from typed
    where role = 'leader'
    group by person_id
    union all
    select person_id, any_value(cohort), any_value(arm)
    from roster
    where superseded_by is null and role = 'leader'
      and person_id not in (select person_id from typed where role = 'leader' and person_id is not null)
    group by person_id
),

filled as (
    select
        t.*,
        coalesce(t.cohort_given, case when t.role = 'member' then l.cohort end) as cohort,
        coalesce(t.arm_given, case when t.role = 'member' then l.arm end, 'program') as arm
    from typed as t
    left join leaders_known as l on t.role = 'member' and l.person_id = t.leader_id
)

select
    rec,
    person_id,
    role,
    cohort,
    leader_id,
    arm,
    team,
    location,
    hire_date,
    exit_date,
    exit_reason,
    extra,
    match_keys,
    null::varchar as cell_header,
    -- checks
    case when person_id is null then 'missing' end as err__person_id,
    case
        when role is null and clean(role_text) is null then 'missing'
        when role is null then problem('unknown', role_text)
    end as err__role,
    case when arm_given is null and clean(arm_text) is not null then problem('unknown', arm_text) end as err__arm,
    case
        when exit_reason is null and clean(exit_reason_text) is not null then problem('unknown', exit_reason_text)
    end as err__exit_reason,
    case when hire_date is null and clean(hire_date_text) is not null then problem('bad_date', hire_date_text) end as err__hire_date,
    case
        when exit_date is null and clean(exit_date_text) is not null then problem('bad_date', exit_date_text)
        when exit_date < hire_date then 'exit_before_hire'
    end as err__exit_date
from filled
