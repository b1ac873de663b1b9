-- macro id_fold(x): id_fold_chars(x), and an id spelled out as "ann at example dot com" read as the address
create or replace temp macro id_fold(x) as
    case
        when regexp_full_match(id_fold_chars(x), '(?i)[^\s@]+\s+at\s+[^\s@]+(\s+dot\s+[^\s@]+)+')
            then regexp_replace(regexp_replace(id_fold_chars(x), '(?i)\s+at\s+', '@'), '(?i)\s+dot\s+', '.', 'g')
        else id_fold_chars(x)
    end
