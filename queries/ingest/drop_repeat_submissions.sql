-- drops the staged responses that repeat the submission kept (staged_repeat)
delete from staged_response where rec in (select rec from staged_repeat)
