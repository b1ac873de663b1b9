-- grain: one row per record of the file being imported (header records included), every field as text
create or replace temp table raw as
select *
from read_csv(
    $path,
    header = false,
    auto_detect = false,
    all_varchar = true,
    delim = $delim,
    quote = '"',
    escape = '"',
    columns = $columns,
    strict_mode = true,
    store_rejects = true,
    rejects_table = 'load_rejects',
    rejects_scan = 'load_scans',
    max_line_size = 16777216
)
