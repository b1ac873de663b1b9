-- macro id_fold_chars(x): an id with look-alike characters of an address folded to ASCII: full-width forms
-- (＠, ．, Ａ…), URL-encoded %40 and %2E, and (at) or [dot] in brackets
create or replace temp macro id_fold_chars(x) as
    regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    trim(translate(id_clean(x), '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　﹫﹒', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ @.')),
                    '%40', '@', 'gi'),
                '%2e', '.', 'gi'),
            '\s*[(\[{<]\s*at\s*[)\]}>]\s*', '@', 'gi'),
        '\s*[(\[{<]\s*dot\s*[)\]}>]\s*', '.', 'gi')
