-- grain: one row per staged response whose respondent already answered about the same leader in the same period
-- within this file: the record, and the record of the submission kept under $keep ('latest' or 'first'). A
-- response without identity (its own respondent) never repeats another; records sharing a response id are
-- one response's rows (or a duplicate key, refused as such), not repeat submissions.
create or replace temp table staged_repeat as
with single as (
    select *
    from staged_response
    where respondent_id is not null and leader_id is not null and period is not null
      and respondent_id is distinct from response_id
    qualify count(*) over (partition by response_id) = 1
)

select rec, kept_rec
from (
    select
        rec,
        case
            when $keep = 'first' then first_value(rec) over (
                partition by respondent_id, leader_id, period order by submitted_at asc nulls last, rec asc)
            else first_value(rec) over (
                partition by respondent_id, leader_id, period order by submitted_at desc nulls last, rec desc)
        end as kept_rec,
        count(*) over (partition by respondent_id, leader_id, period) as submissions
    from single
)
where submissions > 1 and rec <> kept_rec
