-- grain: one row: how many current roster rows carry match keys (a name or e-mail to find them by)
select count(*) from roster where superseded_by is null and len(coalesce(match_keys, [])) > 0
