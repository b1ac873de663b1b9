-- macro email_key(x): the address an e-mail-like id stands for, lower case ("Ann <ANN@x.com>", mailto:ann@x.com,
-- ann%40x.com and ａｎｎ＠ｘ．ｃｏｍ are all ann@x.com); null when the id holds no '@' in any spelling
create or replace temp macro email_key(x) as
    case
        when contains(id_fold(x), '@') then coalesce(
            nullif(regexp_extract(lower(id_fold(x)), '[^\s<>"''(),;:\[\]@]+@[^\s<>"''(),;:\[\]@]+', 0), ''),
            lower(id_fold(x)))
    end
