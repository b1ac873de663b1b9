-- macro in_range(p, period_from, period_to): the 'YYYY-MM' period lies in the filter range ('' = open)
create or replace temp macro in_range(p, period_from, period_to) as
    (period_from = '' or p >= period_from) and (period_to = '' or p <= period_to)
