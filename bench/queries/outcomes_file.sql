-- writes synthetic monthly outcomes (wide): one row per leader's team × month
copy (
    select
        strftime(cast($first_month as date) + to_months(cast(m as integer)), '%Y-%m') as period,
        'L' || lpad(cast(l as varchar), 4, '0') as leader_id,
        9 as headcount,
        hash(l, m, 1) % 2 as voluntary_exits,
        10 + hash(l, m, 2) % 20 as escalations,
        400 + hash(l, m, 3) % 200 as interactions,
        70 + hash(l, m, 4) % 20 as csat,
        50 + hash(l, m, 5) % 30 as clarification_requests,
        1500 + hash(l, m, 6) % 500 as messages,
        round(0.5 + (hash(l, m, 7) % 40) / 100.0, 2) as meeting_participation_rate,
        round(3 + (hash(l, m, 8) % 50) / 10.0, 1) as median_response_hours
    from range(5000) as t(l), range($months) as s(m)
) to $path (header, delimiter ',')
