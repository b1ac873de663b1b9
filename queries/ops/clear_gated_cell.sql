-- empties the stored base cells: run by every write in its own transaction (as clear_gated_answer)
delete from gated_cell
