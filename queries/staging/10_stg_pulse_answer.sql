-- grain: one row per current answer by an eligible respondent (eligible_answers: where the roster
-- lists members, only people on the roster count), scored by the scoring macros (reverse-scored
-- answers flipped, favourable, promoter, detractor): who gave it (rater group: others = peer +
-- direct_report; self) in which month, to which leader (cohort, arm), on which question version and
-- scale, and pooled_score: the answer as it enters a mean pooled over questions (pooled_score over
-- pool_scales, the scales of every eligible agreement answer in the data: on its own scale when
-- they are one, else on percent of its scale's range — one unit for every pooled figure, whatever
-- the filters). `anonymous`: the export had no respondent ids (the response is its own respondent), so
-- counts are of responses. Read only by the gated cells (18_pulse_cells.sql): no figure is built
-- from it directly.
create or replace temp view stg_pulse_answer as
with pool as (  -- one row: a window over every answer held them all in memory at a million responses
    select list_sort(list(distinct q.scale) filter (where q.scale <> 'nps11')) as scales
    from eligible_answers() as a
    join questions as q on q.question_id = a.question_id and q.import_id = a.question_import_id
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
    coalesce(detractor(q.scale, q.reverse_scored, a.score), false) as detractor,
    pool.scales as pool_scales,
    pooled_score(q.scale, flip(q.scale, q.reverse_scored, a.score), pool.scales) as pooled_score
from eligible_answers() as a
cross join pool
join questions as q on q.question_id = a.question_id and q.import_id = a.question_import_id
left join stg_leader as l on l.leader_id = a.leader_id
