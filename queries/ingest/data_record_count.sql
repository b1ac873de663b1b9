-- grain: one row: how many records of the file being imported are data (after its header records), blank ones included
select count(*) from raw_numbered where rec >= $header_records
