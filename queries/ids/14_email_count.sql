-- macro email_count(x): how many e-mail addresses a text holds (0 for none or null)
create or replace temp macro email_count(x) as
    coalesce(len(regexp_extract_all(x, email_pattern())), 0)
