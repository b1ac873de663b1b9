-- macro answer_number(x): the number in an answer: "4", "4.0", or the leading number of "5 - Extremely important"
create or replace temp macro answer_number(x) as
    coalesce(
        try_cast(clean(x) as double),
        try_cast(regexp_extract(clean(x), '^(-?[0-9]+)\s*[-–:.)=]\s*\D', 1) as double)
    )
