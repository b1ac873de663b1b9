-- grain: one row: a text with its e-mail addresses replaced by [e-mail]
select mask_emails($text)
