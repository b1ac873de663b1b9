-- records the database instance and data version the gated tables were just filled from
insert into gated_built values ($instance, $version)
