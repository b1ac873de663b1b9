-- grain: one row: whether this connection has its own copies of the gated tables
-- (queries/gated/local_*.sql), which shadow the database's
select count(*) > 0 from duckdb_tables() where table_name = 'gated_built' and temporary
