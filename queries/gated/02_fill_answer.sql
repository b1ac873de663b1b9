-- fills the eligible, scored answers (the database's copy, or this connection's own) from stg_pulse_answer for the current data version
insert into gated_answer by name select * from stg_pulse_answer
