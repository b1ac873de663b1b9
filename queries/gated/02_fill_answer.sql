-- fills this connection's copy of the eligible, scored answers (stg_pulse_answer) for the current data version
insert into gated_answer select * from stg_pulse_answer
