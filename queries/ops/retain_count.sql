-- grain: one row: the responses (every version) and answers of months before a retention cut-off
select
    (select count(*) from pulse_response where period < $before) as responses,
    (select count(*) from pulse_answer where period < $before) as answers
