-- frees the respondent facts read for the refresh
drop table if exists temp.agg_respondent_facts
