-- grain: one row per leader-month that had a cell of others' answers hidden at $min_group before
-- the import (privacy_cells_before: at least one eligible respondent, fewer than k) and has more
-- eligible respondents in it now, with whether that cell is now visible (visible_at): an import
-- that adds respondents to a past hidden cell may be padding it, so the import says so
with now as (
    select leader_id, period, question_id, question_import_id, count(distinct respondent_id) as n
    from eligible_answers()
    where rater_type <> 'self'
      and period in (select period from privacy_cells_before)
    group by leader_id, period, question_id, question_import_id
)

select b.leader_id, b.period, bool_or(visible_at(a.n, $min_group)) as now_visible
from privacy_cells_before as b
join now as a
    on a.leader_id = b.leader_id and a.period = b.period and a.question_id = b.question_id
   and a.question_import_id = b.question_import_id
where not visible_at(b.n, $min_group) and a.n > b.n
group by b.leader_id, b.period
order by b.period, b.leader_id
