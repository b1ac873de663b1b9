-- table macro eligible_answers(): one row per current answer whose respondent counts (DESIGN.md
-- §Privacy): when the roster lists members (any current row with role member), only people on
-- the current roster — members or leaders — count, so a made-up respondent id counts nowhere and
-- neither does an anonymous response (its id cannot be matched); with no members on the roster,
-- every respondent counts. The one definition of who counts towards k: the KPI staging
-- (stg_pulse_answer) and the import's checks read it.
create or replace temp macro eligible_answers() as table
with roster_now as (
    select person_id, role from roster where superseded_by is null
),

rule as (
    select count(*) filter (where role = 'member') > 0 as roster_lists_members from roster_now
)

select a.*
from pulse_answer as a
cross join rule
where a.superseded_by is null
  and (not rule.roster_lists_members
       or a.respondent_id in (select person_id from roster_now))
