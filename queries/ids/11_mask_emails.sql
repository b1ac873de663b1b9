-- macro mask_emails(x): the text with every e-mail address replaced by [e-mail]
create or replace temp macro mask_emails(x) as
    regexp_replace(x, email_pattern(), '[e-mail]', 'g')
