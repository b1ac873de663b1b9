-- grain: one row: how many answers of an earlier version's answer table hold a response id that is an
-- e-mail address or a person's name in clear
select count(*) from pulse_answer where needs_hash(response_id)
