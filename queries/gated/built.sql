-- grain: one row (or none): the database instance, data version and code fingerprint the gated
-- tables this connection reads (its own copies, else the database's) were filled from
select instance, version, code from gated_built
