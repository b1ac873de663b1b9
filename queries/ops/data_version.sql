-- grain: one row: the number of changes made to the stored data so far
select coalesce(max(cast(value as bigint)), 0) from meta where key = 'data_version'
