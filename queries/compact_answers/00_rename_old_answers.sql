-- an earlier version's answer table steps aside for the view of the same name (its rows move next)
alter table pulse_answer rename to pulse_answer_old
