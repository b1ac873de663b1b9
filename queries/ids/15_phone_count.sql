-- macro phone_count(x): how many phone numbers a text holds once its e-mail addresses are masked (0 for none or null)
create or replace temp macro phone_count(x) as
    coalesce(len(phone_numbers(mask_emails(x))), 0)
