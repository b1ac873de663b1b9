-- macro email_key(x): the address an e-mail-like id stands for, lower case ("Ann <ANN@x.com>", mailto:ann@x.com,
-- ann%40x.com and ａｎｎ＠ｘ．ｃｏｍ are all ann@x.com); null when the id holds no '@' in any spelling
create or replace temp macro email_key(x) as
    list_transform([lower(id_fold(x))], lambda folded_: case
        when contains(folded_, '@') then coalesce(
            nullif(regexp_extract(folded_, '[^\s<>"''(),;:\[\]@]+@[^\s<>"''(),;:\[\]@]+', 0), ''), folded_)
    end)[1]
