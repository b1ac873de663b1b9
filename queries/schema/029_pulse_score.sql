-- grain: one row per answered question of a stored response (missing answers are not stored): the
-- compact answer store. The response (response_no) carries the lineage (its import, its source row,
-- whether it was replaced) and the respondent, leader, month and rater type; the question version
-- is a small number (answer_question). Read through the pulse_answer view.
create table if not exists pulse_score (
    response_no bigint not null,
    question_no smallint not null,
    score tinyint not null
)
