-- empties the stored gated answers: run by every write in its own transaction, so no copy of
-- answers from before the write (an undone import, an erased person) stays in the file
delete from gated_answer
