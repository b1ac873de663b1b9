-- grain: one row (or none): the database instance, data version and code fingerprint this
-- connection's own copies (local_answer.sql, local_cell.sql) were filled from
create temp table gated_built (instance varchar, version bigint, code varchar)
