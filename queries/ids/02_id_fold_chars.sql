-- macro id_fold_chars(x): an id with look-alike characters of an address folded to ASCII: full-width forms
-- (＠, ．, Ａ…; only text with a non-ASCII character is translated), URL-encoded %40 and %2E, (at) or [dot] in brackets
create or replace temp macro id_fold_chars(x) as
    regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    list_transform([id_clean(x)], lambda clean_id_: case
                        when regexp_matches(clean_id_, '[^\x01-\x7F]') then trim(translate(clean_id_, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　﹫﹒', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ @.'))
                        else clean_id_
                    end)[1],
                    '%40', '@', 'gi'),
                '%2e', '.', 'gi'),
            '\s*[(\[{<]\s*at\s*[)\]}>]\s*', '@', 'gi'),
        '\s*[(\[{<]\s*dot\s*[)\]}>]\s*', '.', 'gi')
