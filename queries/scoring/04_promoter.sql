-- macro promoter(scale, reverse_scored, score): the answer, once flipped, is a promoter's
-- (9–10 on the 0–10 scale); NULL for no answer and on a scale without promoters (Likert)
create or replace temp macro promoter(scale, reverse_scored, score) as
    flip(scale, reverse_scored, score) >= scale_rule(scale).promoter_from
