-- grain: one row: the e-mail addresses and phone numbers in the notes of the rubric file being imported (view rubric_src), masked before storage
select sum(email_count(clean(note))) as emails, sum(phone_count(clean(note))) as phones
from rubric_src
