-- grain: one row: the e-mail addresses and phone numbers in the comments of the pulse file being imported (view pulse_src), masked before storage
select sum(email_count(clean(comment))) as emails, sum(phone_count(clean(comment))) as phones
from pulse_src
