-- grain: one row per column of the file being imported (data records only): how its values look, so a
-- mapping can be proposed from values as well as headers (numbers and their range, labels, e-mails, IPs)
with cells as (
    select col, clean(v) as v
    from (
        unpivot (select * from raw_numbered where rec >= $header_records)
        on columns('^c[0-9]+$')
        into name col value v
    )
),

read as (
    select
        col,
        v,
        is_missing(v, $missing) as missing,
        answer_number(v) as number,
        try_cast(v as double) as plain_number,
        case when answer_number(v) is null then token(v) end as label
    from cells
    where v is not null
)

select
    col,
    count(*) as filled,
    count(*) filter (where not missing) as answered,
    count(distinct v) filter (where not missing) as distinct_answers,
    count(*) filter (where not missing and number is not null) as numbers,
    count(*) filter (where not missing and plain_number is not null) as plain_numbers,
    count(*) filter (where not missing and number is not null and number <> floor(number)) as fractions,
    min(number) filter (where not missing) as low,
    max(number) filter (where not missing) as high,
    case
        when count(distinct number) filter (where not missing) <= 20
            then list_sort(list(distinct number) filter (where not missing and number is not null))
    end as codes,
    count(distinct label) filter (where not missing and label is not null) as distinct_labels,
    case
        when count(distinct label) filter (where not missing and label is not null) <= 30
            then list_sort(list(distinct label) filter (where not missing and label is not null))
    end as labels,
    coalesce(avg(length(v)) filter (where not missing and number is null), 0) as text_length,
    count(*) filter (where regexp_full_match(v, '[^@\s]+@[^@\s]+\.[A-Za-z]{2,}')) as emails,
    count(*) filter (where regexp_full_match(v, '[0-9]{1,3}(\.[0-9]{1,3}){3}')) as ips,
    count(*) filter (where regexp_full_match(v, '-?[0-9]+(\.[0-9]{3})*,[0-9]+')) as comma_decimals,
    count(*) filter (
        where regexp_full_match(v, '-?[0-9]+\.[0-9]+')
          and not regexp_full_match(v, '-?[0-9]{1,3}(\.[0-9]{3})+')
    ) as dot_decimals
from read
group by col
