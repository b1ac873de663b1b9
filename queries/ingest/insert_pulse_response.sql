-- stores the staged responses under the new import, each with a new response number (its answers' link)
insert into pulse_response (response_id, submitted_at, period, respondent_id, rater_type, leader_id, comment,
                            extra, import_id, source_row, superseded_by, response_no)
select response_id, submitted_at, period, respondent_id, rater_type, leader_id, comment, extra,
       $import_id, rec, null, nextval('response_no_seq')
from staged_response
