-- records one action in the audit log
insert into audit_log (happened_at, actor, action, target, detail)
values (current_timestamp, $actor, $action, $target, $detail)
