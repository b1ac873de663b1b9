-- grain: one row per staged response whose respondent already rated the same leader in the same period in a
-- response an earlier import stored under another response id (a re-export, a second collector): the record,
-- whether it wins under $keep ('latest' or 'first') over every such stored response, the stored response ids,
-- and the earliest of their imports with its file name. A response without identity never repeats another.
with single as (
    select rec, response_id, respondent_id, leader_id, period, submitted_at
    from staged_response
    where respondent_id is not null and leader_id is not null and period is not null
      and respondent_id is distinct from response_id
    qualify count(*) over (partition by response_id) = 1
)

select
    s.rec,
    bool_and(case when $keep = 'first' then s.submitted_at < p.submitted_at
                  else s.submitted_at > p.submitted_at end) as staged_wins,
    list(p.response_id order by p.response_id) as stored_ids,
    min(p.import_id) as import_id,
    arg_min(l.file_name, p.import_id) as file_name
from single as s
inner join pulse_response as p
    on p.superseded_by is null
   and p.respondent_id = s.respondent_id
   and p.leader_id = s.leader_id
   and p.period = s.period
   and p.response_id <> s.response_id
   and p.respondent_id <> p.response_id
left join import_log as l on l.import_id = p.import_id
group by s.rec
order by s.rec
