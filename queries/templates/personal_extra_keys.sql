-- grain: one row per import × kept column of a table whose values include personal data (an e-mail address in any
-- spelling, an IP address, coordinates): such a column is dropped from every row of that import
select import_id, entry.key as column_key, count(*) as rows
from (
    select import_id, unnest(map_entries(json_transform(extra, '"MAP(VARCHAR, VARCHAR)"'))) as entry
    from {extra_table}
    where extra is not null and json_type(extra) = 'OBJECT'
)
where personal_value(entry.value)
group by all
order by import_id, column_key
