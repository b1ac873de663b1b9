-- grain: one row per audited action, newest first
select happened_at, actor, action, target, detail from audit_log order by happened_at desc limit $limit
