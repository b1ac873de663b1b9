-- forgets which data version the gated tables were filled from
delete from gated_built
