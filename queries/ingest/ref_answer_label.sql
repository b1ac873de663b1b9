-- grain: one row per current question × accepted answer label; a question's own labels win over its scale's
create or replace temp table ref_answer_label as
with custom as (
    select q.question_id, l.label, l.value, 1 as priority
    from questions as q,
        unnest(from_json(q.label_map, '[{"label":"VARCHAR","value":"INTEGER"}]')) as t(l)
    where q.superseded_by is null and q.label_map is not null
),

standard as (
    select q.question_id, s.label, s.value, 2 as priority
    from questions as q
    join scale_label as s on s.scale = q.scale
    where q.superseded_by is null
)

select question_id, label, arg_min(value, priority) as value
from (select * from custom union all select * from standard)
group by question_id, label
