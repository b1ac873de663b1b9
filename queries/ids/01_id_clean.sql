-- macro id_clean(x): an id trimmed of spaces, tabs, line breaks and no-break spaces; null when nothing is left (as ingest's clean).
-- Text that neither starts nor ends with one of them (nearly every cell) is returned as it is without the trim, whose
-- search of a set of characters cost three times the check, on every cell of every import
create or replace temp macro id_clean(x) as
    case
        when regexp_full_match(x, '[^ \t\n\r\x{a0}\x{feff}](?s:.*[^ \t\n\r\x{a0}\x{feff}])?') then x
        else nullif(trim(x, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(65279)), '')
    end
