-- empties the base cells (the database's, or this connection's own) before they are counted again
delete from gated_cell
