-- writes the synthetic schedule: two modules per program cohort, cohorts starting in waves of ten a month
copy (
    select
        'Cohort ' || lpad(cast(c as varchar), 2, '0') as cohort,
        m.module_id,
        strftime(cast($first_month as date) + to_months(6 + c // 10) + to_days(m.offset_days), '%Y-%m-%d') as start_date,
        strftime(cast($first_month as date) + to_months(6 + c // 10) + to_days(m.offset_days + 25), '%Y-%m-%d') as end_date
    from range(100) as t(c)
    cross join (values ('digital_cues', 0), ('written_replies', 42)) as m(module_id, offset_days)
    where c % 10 <> 0
) to $path (header, delimiter ',')
