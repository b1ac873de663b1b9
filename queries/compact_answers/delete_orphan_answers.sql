-- removes the answers whose response is gone (undone, erased or past retention): an answer goes with
-- its response
delete from pulse_score
where response_no not in (select response_no from pulse_response where response_no is not null)
