-- grain: one row: people in the current roster (leader and rater type can be taken from it when a file lacks them)
select count(*) from roster where superseded_by is null
