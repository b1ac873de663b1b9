-- grain: one row per current answer by an eligible respondent, scored by the scoring macros
-- (reverse-scored answers flipped, favourable, promoter, detractor): who gave it (rater group:
-- others = peer + direct_report; self) in which month, to which leader (cohort, arm), on which
-- question version and scale. Eligible (DESIGN.md §Privacy): when the roster lists members (any
-- current row with role member), only people on the current roster count, so a made-up respondent
-- id counts nowhere; with no members on the roster every respondent counts. `anonymous`: the export
-- had no respondent ids (the response is its own respondent), so counts are of responses.
-- Read only by the gated cells (18_pulse_cells.sql): no figure is built from it directly.
create or replace temp view stg_pulse_answer as
with roster_now as (
    select person_id, role from roster where superseded_by is null
),

rule as (
    select count(*) filter (where role = 'member') > 0 as roster_lists_members from roster_now
)

select
    a.leader_id,
    l.cohort,
    coalesce(l.arm, 'program') as arm,
    a.period,
    a.rater_type,
    case when a.rater_type = 'self' then 'self' else 'others' end as rater_group,
    a.respondent_id,
    a.response_id,
    a.respondent_id = a.response_id as anonymous,
    a.question_id,
    a.question_import_id,
    q.scale,
    case when q.scale = 'nps11' then 'nps' else 'likert' end as scale_kind,
    flip(q.scale, q.reverse_scored, a.score) as score,
    coalesce(favourable(q.scale, q.reverse_scored, a.score), false) as favourable,
    coalesce(promoter(q.scale, q.reverse_scored, a.score), false) as promoter,
    coalesce(detractor(q.scale, q.reverse_scored, a.score), false) as detractor
from pulse_answer as a
join questions as q on q.question_id = a.question_id and q.import_id = a.question_import_id
left join stg_leader as l on l.leader_id = a.leader_id
cross join rule
where a.superseded_by is null
  and (not rule.roster_lists_members
       or a.respondent_id in (select person_id from roster_now))
