-- macro mask_contact(x): free text (a comment, a note) with e-mail addresses masked as [e-mail] and phone numbers as [phone]
create or replace temp macro mask_contact(x) as
    list_reduce(
        list_prepend(mask_emails(x), phone_numbers(mask_emails(x))),
        lambda masked, number: replace(masked, number, '[phone]'))
