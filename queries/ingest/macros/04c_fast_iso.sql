-- macro fast_iso(x): iso_ts(x), skipping its AM/PM and time-zone checks for text that ends in a digit
create or replace temp macro fast_iso(x) as
    case
        when right(clean(x), 1) between '0' and '9' then try_cast(clean(x) as timestamp)
        else iso_ts(x)
    end
