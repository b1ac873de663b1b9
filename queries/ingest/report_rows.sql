-- grain: one row per data record of raw_numbered that belongs to a report's frame, not its data: a totals row (first cell Total, Totals, Grand total, Summe, Gesamt) or a note row (at most one cell filled) after the first blank record that follows the data
with cells as (
    select rec, token(c0) as first_cell,
           list_aggregate(list_value(*COLUMNS('^c[0-9]+$')), 'count') as n
    from raw_numbered
    where rec >= $header_records
),
first_gap as (
    select min(rec) as rec from cells
    where n = 0 and rec > (select min(rec) from cells where n > 1)
)
select rec, case when first_cell in ('total', 'totals', 'grand_total', 'sum', 'summe', 'gesamt',
                                     'insgesamt', 'total_general')
                 then 'totals' else 'note' end as what
from cells
where n > 0
  and (first_cell in ('total', 'totals', 'grand_total', 'sum', 'summe', 'gesamt', 'insgesamt',
                      'total_general')
       or (n <= 1 and rec > coalesce((select rec from first_gap), 9223372036854775807)))
order by rec
