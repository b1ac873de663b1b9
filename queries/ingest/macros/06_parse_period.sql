-- macro parse_period(x): a month as 'YYYY-MM' from 2026-03, 2026/3, 03/2026, Mar 2026, March 2026 or a full date
create or replace temp macro parse_period(x) as
    strftime(
        coalesce(
            try_strptime(clean(x), ['%Y-%m', '%Y/%m', '%m/%Y', '%b %Y', '%B %Y', '%b-%Y', '%Y%m']),
            try_cast(strip_tz(x) as timestamp)
        ),
        '%Y-%m'
    )
