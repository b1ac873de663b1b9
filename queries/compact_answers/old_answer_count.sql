-- grain: one row: the answers an older backup brought (before they move into the compact store)
select count(*) from pulse_answer_old
