-- numbers every stored response that has none yet (an earlier version's, or a restored older backup's)
update pulse_response set response_no = nextval('response_no_seq') where response_no is null
