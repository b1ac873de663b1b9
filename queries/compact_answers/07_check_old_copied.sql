-- grain: one row: stops the move (its transaction rolls back) unless every earlier answer found its
-- response and question version, so no answer is lost
select case
    when (select count(*) from pulse_answer_old) <> (select count(*) from pulse_score)
        then error('answers without a stored response: the move to the compact store would lose them; nothing changed')
end
