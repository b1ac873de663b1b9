-- macro to_number(x, decimal_comma): a number from text; with decimal_comma (European Excel) '1.234,5', '0,85' and '1.250' read as 1234.5, 0.85 and 1250
create or replace temp macro to_number(x, decimal_comma) as
    try_cast(
        case
            when decimal_comma and regexp_full_match(clean(x), '-?[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?')
                then replace(replace(clean(x), '.', ''), ',', '.')
            when decimal_comma and regexp_full_match(clean(x), '-?[0-9]+,[0-9]+')
                then replace(clean(x), ',', '.')
            else clean(x)
        end
        as double
    )
