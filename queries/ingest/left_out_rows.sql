-- grain: one row per data record (not blank) whose cell in view leave_out_cells(rec, v) marks it as no response by a tool's rule: the value as a token is one of $values, a number below $below, or empty when $when_empty
with filled as (
    select rec, list_aggregate(list_value(*COLUMNS('^c[0-9]+$')), 'count') as n
    from raw_numbered
)
select c.rec
from leave_out_cells c
join filled f using (rec)
where c.rec >= $header_records
  and f.n > 0
  and (list_contains($values::varchar[], token(c.v))
       or ($below is not null and try_cast(replace(clean(c.v), ',', '.') as double) < $below)
       or ($when_empty and clean(c.v) is null))
order by c.rec
