-- macro id_fold(x): id_fold_chars(x), and an id spelled out as "ann at example dot com" read as the address
-- (list_transform over one value binds it once: a macro's argument would be evaluated at every mention)
create or replace temp macro id_fold(x) as
    list_transform([id_fold_chars(x)], lambda folded_: case
        when regexp_full_match(folded_, '(?i)[^\s@]+\s+at\s+[^\s@]+(\s+dot\s+[^\s@]+)+')
            then regexp_replace(regexp_replace(folded_, '(?i)\s+at\s+', '@'), '(?i)\s+dot\s+', '.', 'g')
        else folded_
    end)[1]
