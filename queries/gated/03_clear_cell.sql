-- empties this connection's base cells before they are counted again
delete from gated_cell
