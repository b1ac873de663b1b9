-- the naive path's input: every stored answer with what a pandas groupby needs (the long form)
select a.period, a.question_id, a.rater_type, a.respondent_id, a.score, l.cohort
from pulse_answer as a
join roster as l on l.person_id = a.leader_id and l.role = 'leader'
