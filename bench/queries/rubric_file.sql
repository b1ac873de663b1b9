-- writes $n synthetic rubric ratings (long form): leader × module × dimension × assessment date
copy (
    select
        strftime(cast($first_month as date) + to_days(cast(i % 700 as integer)), '%Y-%m-%d') as assessed_at,
        'L' || lpad(cast(i % 5000 as varchar), 4, '0') as leader_id,
        case when i % 2 = 0 then 'digital_cues' else 'written_replies' end as module_id,
        case when hash(i, 1) % 5 = 0 then 'self' else 'facilitator' end as assessor_type,
        'A' || (i // 5000) as assessor_id,
        ['tone_recognition', 'response_adaptation', 'reflective_follow_up'][cast(1 + i % 3 as bigint)] as dimension,
        ['Not Evident', 'Emerging', 'Consistent', 'Mastery'][cast(1 + hash(i, 2) % 4 as bigint)] as level
    from range($n) as t(i)
) to $path (header, delimiter ',')
