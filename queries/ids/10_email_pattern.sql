-- macro email_pattern(): the regular expression of an e-mail address inside free text, in every spelling the
-- importer knows: @, ＠, %40, (at), [at]; '.', '．', %2E, (dot); full-width letters; "ann at example dot com"
create or replace temp macro email_pattern() as
    '(?i)[\p{L}\p{N}._%+''''’-]+(?:@|＠|﹫|%40|\s*[(\[{<]\s*at\s*[)\]}>]\s*)[\p{L}\p{N}-]+(?:(?:\.|．|﹒|%2e|\s*[(\[{<]\s*dot\s*[)\]}>]\s*)[\p{L}\p{N}-]+)*(?:\.|．|﹒|%2e|\s*[(\[{<]\s*dot\s*[)\]}>]\s*)\p{L}{2,}|[\p{L}\p{N}._%+-]+\s+at\s+[\p{L}\p{N}-]+(?:\s+dot\s+[\p{L}\p{N}-]+)+'
