-- counts one more change to the stored data (caches key on this number)
insert or replace into meta (key, value)
select 'data_version', cast(coalesce(max(cast(value as bigint)), 0) + 1 as varchar)
from meta
where key = 'data_version'
