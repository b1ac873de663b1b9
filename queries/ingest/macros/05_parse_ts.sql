-- macro parse_ts(x, fmts): ISO dates and timestamps, else the column's chosen strptime formats (which read 12-hour times); null when unreadable
create or replace temp macro parse_ts(x, fmts) as
    coalesce(iso_ts(x), try_strptime(strip_tz(x), fmts))
