-- forgets which data version the stored gated tables were filled from: run by every write in its
-- own transaction
delete from gated_built
