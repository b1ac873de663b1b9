-- macro clean(x): the text trimmed of spaces, tabs, line breaks and no-break spaces; null when nothing is left
-- (the same rule as the ids' id_clean, created before these macros)
create or replace temp macro clean(x) as
    id_clean(x)
