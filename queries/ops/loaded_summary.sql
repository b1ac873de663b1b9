-- grain: one row per canonical kind: rows stored now, active imports, latest period or date
select 'roster' as kind, count(*) as rows, count(distinct import_id) as imports, null as latest from roster where superseded_by is null
union all
select 'schedule', count(*), count(distinct import_id), strftime(max(end_date), '%Y-%m') from schedule where superseded_by is null
union all
select 'questions', count(*), count(distinct import_id), null from questions where superseded_by is null
union all
select 'pulse', count(*), count(distinct import_id), max(period) from pulse_response where superseded_by is null
union all
select 'rubric', count(*), count(distinct import_id), strftime(max(assessed_at), '%Y-%m') from rubric where superseded_by is null
union all
select 'activity', count(*), count(distinct import_id), strftime(max(completed_at), '%Y-%m') from activity where superseded_by is null
union all
select 'outcomes', count(*), count(distinct import_id), max(period) from outcomes where superseded_by is null
