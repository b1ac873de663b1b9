-- stores the staged responses under the new import
insert into pulse_response
select response_id, submitted_at, period, respondent_id, rater_type, leader_id, comment, extra,
       $import_id, rec, null
from staged_response
