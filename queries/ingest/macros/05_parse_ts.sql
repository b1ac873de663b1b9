-- macro parse_ts(x, fmts): ISO dates and timestamps, else the column's chosen strptime formats; null when
-- unreadable (a year before 1900 too: a two-digit year a four-digit format read as year 26). Text ending
-- in a digit cannot carry AM/PM or a zone, so it skips the slower checks.
create or replace temp macro parse_ts(x, fmts) as
    real_year(case
        when right(clean(x), 1) between '0' and '9'
            then coalesce(try_cast(clean(x) as timestamp), try_strptime(clean(x), fmts))
        else coalesce(iso_ts(x), try_strptime(strip_tz(x), fmts))
    end)
