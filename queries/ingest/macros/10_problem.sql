-- macro problem(code, x): a problem code with the offending text for the message ("unknown|boss"), or the code alone for survey answers
create or replace temp macro problem(code, x) as
    code || coalesce('|' || left(clean(x), 60), '')
