-- records the database instance, data version and code fingerprint the gated tables were just
-- filled from
insert into gated_built values ($instance, $version, $code)
