-- frees the response and respondent facts read for the refresh
drop table if exists temp.agg_response_facts
