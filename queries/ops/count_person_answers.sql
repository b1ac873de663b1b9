-- grain: one row: the stored answers (every version) of the responses $person gave or that rate them
select count(*) from pulse_answer where respondent_id = $person or leader_id = $person
