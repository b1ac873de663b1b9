-- writes the synthetic roster: 5,000 leaders in 100 cohorts (every tenth a comparison
-- cohort) and 45,000 members, each member under leader (member number mod 5,000)
copy (
    select
        'L' || lpad(cast(i as varchar), 4, '0') as person_id,
        'leader' as role,
        null as leader_id,
        'Cohort ' || lpad(cast(i % 100 as varchar), 2, '0') as cohort,
        case when i % 100 % 10 = 0 then 'comparison' else 'program' end as arm
    from range(5000) as t(i)
    union all
    select
        'M' || lpad(cast(i as varchar), 5, '0'),
        'member',
        'L' || lpad(cast(i % 5000 as varchar), 4, '0'),
        'Cohort ' || lpad(cast(i % 5000 % 100 as varchar), 2, '0'),
        case when i % 5000 % 100 % 10 = 0 then 'comparison' else 'program' end
    from range(45000) as t(i)
) to $path (header, delimiter ',')
