-- empties the eligible, scored answers (the database's copy, or this connection's own) before they are filled again
delete from gated_answer
