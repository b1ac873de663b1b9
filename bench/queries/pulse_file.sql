-- writes the synthetic wide pulse export: $n responses over 24 months ($months months from
-- $first_month), 45,000 members under 5,000 leaders, five questions (~4% blank answers),
-- ~20% comments (one in ten of them over two lines); deterministic (hash of the row number)
copy (
    select
        'R' || lpad(cast(i + $offset as varchar), 9, '0') as response_id,
        strftime(
            cast($first_month as timestamp)
            + to_months(cast(i * $months // $n as integer))
            + to_days(cast(hash(i + $offset, 1) % 27 as integer))
            + to_minutes(cast(hash(i + $offset, 2) % 1440 as integer)),
            '%Y-%m-%d %H:%M:%S'
        ) as submitted_at,
        'M' || lpad(cast(hash(i + $offset, 3) % 45000 as varchar), 5, '0') as respondent_id,
        case
            when hash(i + $offset, 4) % 20 = 0 then 'self'
            when hash(i + $offset, 4) % 20 < 4 then 'peer'
            else 'direct_report'
        end as rater_type,
        'L' || lpad(cast((hash(i + $offset, 3) % 45000) % 5000 as varchar), 4, '0') as leader_id,
        case when hash(i + $offset, 5) % 25 = 0 then null else 1 + hash(i + $offset, 6) % 5 end as understood,
        case when hash(i + $offset, 7) % 25 = 0 then null else 1 + hash(i + $offset, 8) % 5 end as tone,
        case when hash(i + $offset, 9) % 25 = 0 then null else 1 + hash(i + $offset, 10) % 5 end as listening,
        case when hash(i + $offset, 11) % 25 = 0 then null else 1 + hash(i + $offset, 12) % 5 end as follow_up,
        case when hash(i + $offset, 13) % 25 = 0 then null else hash(i + $offset, 14) % 11 end as enps,
        case
            when hash(i + $offset, 15) % 5 <> 0 then null
            when hash(i + $offset, 16) % 10 = 0
                then 'The check-ins have become more regular,' || chr(10) || 'and "how are you" sounds like a real question now.'
            else 'Comment number ' || (hash(i + $offset, 17) % 1000) || ' about meetings and written feedback.'
        end as comment
    from range($n) as t(i)
) to $path (header, delimiter ',')
