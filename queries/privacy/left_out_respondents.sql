-- grain: one row: of the current answers of import $import_id (every import when null), how many
-- distinct respondents do not count because the roster lists members and they are not on it, and
-- how many of those are anonymous responses (no respondent id: the response is its own id)
with rule as (
    select count(*) filter (where role = 'member') > 0 as roster_lists_members
    from roster where superseded_by is null
),

answers as (
    select distinct respondent_id, respondent_id = response_id as anonymous
    from pulse_answer
    where superseded_by is null and ($import_id is null or import_id = $import_id)
),

-- an answer of the import counts exactly when its respondent does (the rule is the roster's, not
-- the answer's), so only the import's own answers are looked at: not the whole history
counted as (
    select distinct respondent_id from eligible_answers()
    where $import_id is null or import_id = $import_id
)

select
    count(*) filter (where not anonymous) as unlisted,
    count(*) filter (where anonymous) as anonymous,
    (select roster_lists_members from rule) as roster_lists_members
from answers
where (select roster_lists_members from rule)
  and respondent_id not in (select respondent_id from counted)
