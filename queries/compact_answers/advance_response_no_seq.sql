-- moves the response number sequence past the highest stored number (after a restore, new
-- responses get new numbers)
select max(nextval('response_no_seq')) from range((select coalesce(max(response_no), 0) from pulse_response))
