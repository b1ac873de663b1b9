-- macro parse_period(x): a month as 'YYYY-MM' from 2026-03, 2026/3, 03/2026, Mar 2026, March 2026, Jan-26 (Excel's mmm-yy), January-26 or a full date; null for a year before 1900 (a two-digit year read as a four-digit one)
create or replace temp macro parse_period(x) as
    strftime(
        real_year(coalesce(
            try_strptime(clean(x), ['%Y-%m', '%Y/%m', '%m/%Y', '%b-%y', '%B-%y', '%b %y', '%B %y',
                                    '%b %Y', '%B %Y', '%b-%Y', '%B-%Y', '%Y%m']),
            try_cast(strip_tz(x) as timestamp)
        )),
        '%Y-%m'
    )
