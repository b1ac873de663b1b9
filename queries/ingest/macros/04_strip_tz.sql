-- macro strip_tz(x): a timestamp text without a trailing time-zone abbreviation ("11:07:29 AM AST" -> "11:07:29 AM")
create or replace temp macro strip_tz(x) as
    case
        when regexp_matches(clean(x), '(?i)\s(am|pm)$') then clean(x)
        else regexp_replace(clean(x), '(\d|[AaPp][Mm])\s+[A-Za-z]{2,5}$', '\1')
    end
