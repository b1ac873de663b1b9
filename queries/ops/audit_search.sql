-- grain: one row per audited action matching the filters (actions, who, text, days), newest first
select happened_at, actor, action, target, detail
from audit_log
where (len($actions) = 0 or list_contains($actions, action))
  and ($actor = '' or contains(lower(actor), lower($actor)))
  and ($text = '' or contains(lower(coalesce(target, '') || ' ' || coalesce(cast(detail as varchar), '')),
                              lower($text)))
  and (try_cast($since as date) is null or happened_at >= try_cast($since as date))
  and (try_cast($until as date) is null or happened_at < try_cast($until as date) + interval 1 day)
order by happened_at desc
limit $limit
