-- macro rubric_point(assessed_at, start_date, end_date): which assessment point of its module a
-- rubric rating is — 'baseline', 'mid' or 'end' — the nearest of the days the measurement calendar
-- asks for them (dashboard/plan/calendar.py: 5 days before the start, the midpoint, 3 days after
-- the end), counted in days from the start; null when the cohort has no dates for the module
create or replace temp macro rubric_point(assessed_at, start_date, end_date) as
    case
        when start_date is null or end_date is null then null
        when abs(date_diff('day', start_date, assessed_at) + 5)
             <= abs(date_diff('day', start_date, assessed_at) - date_diff('day', start_date, end_date) / 2)
            then 'baseline'
        when abs(date_diff('day', start_date, assessed_at) - date_diff('day', start_date, end_date) / 2)
             <= abs(date_diff('day', start_date, assessed_at) - date_diff('day', start_date, end_date) - 3)
            then 'mid'
        else 'end'
    end
