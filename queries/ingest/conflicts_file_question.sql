-- grain: one row per question a confirmed mapping would register (view file_question) whose id the catalogue
-- already holds with another scale or other answer labels: registering it would change what stored scores mean
select
    f.question_id,
    q.scale as stored_scale,
    f.scale as mapped_scale,
    q.import_id
from file_question as f
join questions as q on q.question_id = f.question_id and q.superseded_by is null
where q.scale <> f.scale
   or coalesce(json(q.label_map)::varchar, '') <> coalesce(json(f.label_map)::varchar, '')
order by f.question_id
