-- macro clean(x): the text trimmed of spaces, tabs, line breaks and no-break spaces; null when nothing is left
create or replace temp macro clean(x) as
    nullif(trim(x, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(65279)), '')
