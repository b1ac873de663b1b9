-- macro detractor(scale, reverse_scored, score): the answer, once flipped, is a detractor's
-- (0–6 on the 0–10 scale); NULL for no answer and on a scale without detractors (Likert)
create or replace temp macro detractor(scale, reverse_scored, score) as
    flip(scale, reverse_scored, score) <= scale_rule(scale).detractor_to
