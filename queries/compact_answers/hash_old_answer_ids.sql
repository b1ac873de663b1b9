-- hashes the response ids an earlier version's answer table holds in clear, as its responses' are, so
-- each answer still finds its response when it moves into the compact store
update pulse_answer set response_id = pseudonym(response_id, $salt) where needs_hash(response_id)
