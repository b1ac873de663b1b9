-- removes the answers (every version) of months before a retention cut-off
delete from pulse_answer where period < $before
