-- grain: one row (or none): the database instance and data version this connection's gated tables hold
select instance, version from gated_built
