-- keeps the staged responses that repeat the submission kept (staged_repeat) for the checks, before they are dropped
insert into left_out_response
select * from staged_response where rec in (select rec from staged_repeat)
