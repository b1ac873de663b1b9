-- macro mask_file_name(x): a file name with its e-mail parts replaced by … ("pulse-ann@x.com.csv" -> "….csv"); the
-- extension is kept apart so it is not read as the address's domain
create or replace temp macro mask_file_name(x) as
    case
        when not regexp_matches(x, email_pattern()) then x
        when regexp_matches(regexp_replace(x, '\.[A-Za-z0-9]{1,5}$', ''), email_pattern())
            then regexp_replace(regexp_replace(x, '\.[A-Za-z0-9]{1,5}$', ''), email_pattern(), '…', 'g')
                || regexp_extract(x, '\.[A-Za-z0-9]{1,5}$', 0)
        else regexp_replace(x, email_pattern(), '…', 'g')
    end
