-- grain: one row: whether this database keeps the gated tables itself (schema 023–025; a
-- database made by an earlier version has them once it has been opened for writing)
select count(*) > 0 from duckdb_tables() where table_name = 'gated_built' and not temporary
