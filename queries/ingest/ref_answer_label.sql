-- grain: one row per question × accepted answer label (catalogue and file_question); a question's own labels
-- win over its scale's, and `custom` marks them so they can also recode numbers (Qualtrics recodes 10–13 -> 1–4)
create or replace temp table ref_answer_label as
with label_maps as (
    select question_id, label_map::varchar as label_map, scale
    from questions
    where superseded_by is null
    union all
    select f.question_id, f.label_map, f.scale
    from file_question as f
    where not exists (
        select 1 from questions as q where q.superseded_by is null and token(q.question_id) = token(f.question_id)
    )
),

custom as (
    select m.question_id, l.label, l.value, 1 as priority
    from label_maps as m,
        unnest(from_json(m.label_map, '[{"label":"VARCHAR","value":"INTEGER"}]')) as t(l)
    where m.label_map is not null
),

standard as (
    select m.question_id, s.label, s.value, 2 as priority
    from label_maps as m
    join scale_label as s on s.scale = m.scale
)

select question_id, label, arg_min(value, priority) as value, min(priority) = 1 as custom
from (select * from custom union all select * from standard)
group by question_id, label
