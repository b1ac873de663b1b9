-- macro id_clean(x): an id trimmed of spaces, tabs, line breaks and no-break spaces; null when nothing is left (as ingest's clean)
create or replace temp macro id_clean(x) as
    nullif(trim(x, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(65279)), '')
