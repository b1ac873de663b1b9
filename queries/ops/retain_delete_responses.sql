-- removes the responses (every version, their comments with them) of months before a retention cut-off
delete from pulse_response where period < $before
