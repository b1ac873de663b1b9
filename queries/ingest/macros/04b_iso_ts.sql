-- macro iso_ts(x): an ISO date or timestamp (time zone abbreviation stripped); null for a 12-hour time ("2:22:10 PM"), which a plain cast would read as 02:22 and lose the PM
create or replace temp macro iso_ts(x) as
    case
        when regexp_matches(strip_tz(x), '(?i)\s[ap]\.?m\.?$') then null
        else try_cast(strip_tz(x) as timestamp)
    end
