-- grain: one row per current answer, with the rated leader's cohort and arm, the rater group
-- (others = peer + direct_report; self), the score flipped for reverse-scored questions (so
-- higher is always better) and its favourable / promoter / detractor flags
create or replace temp view stg_pulse_answer as
with scored as (
    select
        a.response_id,
        a.question_id,
        a.period,
        a.leader_id,
        a.respondent_id,
        a.rater_type,
        case when a.rater_type = 'self' then 'self' else 'others' end as rater_group,
        l.cohort,
        coalesce(l.arm, 'program') as arm,
        coalesce(q.scale, 'likert5') as scale,
        coalesce(q.version, 1) as question_version,
        q.text as question_text,
        case
            when q.reverse_scored then q.scale_min + q.scale_max - a.score
            else a.score
        end as score
    from pulse_answer as a
    left join stg_leader as l on l.leader_id = a.leader_id
    left join stg_question_version as q
        on q.question_id = a.question_id and q.question_import_id = a.question_import_id
    where a.superseded_by is null
)

select
    *,
    case scale when 'likert7' then score >= 6 when 'likert5' then score >= 4 end as favourable,
    scale = 'nps11' and score >= 9 as promoter,
    scale = 'nps11' and score <= 6 as detractor
from scored
