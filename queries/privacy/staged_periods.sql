-- grain: one row per month the pulse file being imported has responses in (staged_response)
select distinct period from staged_response where period is not null
