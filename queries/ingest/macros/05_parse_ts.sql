-- macro parse_ts(x, fmts): ISO dates and timestamps, else the column's chosen strptime formats; null when unreadable
create or replace temp macro parse_ts(x, fmts) as
    coalesce(try_cast(strip_tz(x) as timestamp), try_strptime(strip_tz(x), fmts))
