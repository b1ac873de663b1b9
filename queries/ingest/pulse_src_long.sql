-- grain: one row per response of a long pulse file (one src row per answer), taking the
-- response's attributes from its first row; n_variants counts rows that disagree with it
create or replace temp view pulse_src as
select
    min(rec) as rec,
    clean(response_id) as response_id,
    arg_min(submitted_at, rec) as submitted_at,
    arg_min(respondent_id, rec) as respondent_id,
    arg_min(rater_type, rec) as rater_type,
    arg_min(leader_id, rec) as leader_id,
    arg_min(period, rec) as period,
    string_agg(distinct clean(comment), chr(10)) as comment,
    arg_min(extra, rec) as extra,
    greatest(
        count(distinct clean(submitted_at)), count(distinct clean(respondent_id)),
        count(distinct clean(rater_type)), count(distinct clean(leader_id))
    ) as n_variants,
    null::varchar as q__none  -- long files have no question columns; keeps the staging SQL one shape
from src
group by clean(response_id)
