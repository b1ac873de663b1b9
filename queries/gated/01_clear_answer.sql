-- empties this connection's copy of the eligible, scored answers before it is filled again
delete from gated_answer
