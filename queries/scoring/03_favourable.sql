-- macro favourable(scale, reverse_scored, score): the answer, once flipped, is at or above its
-- scale's favourable mark (4 on the 5-point scale, 6 on the 7-point); NULL for no answer and
-- on a scale without a favourable mark (the 0–10 scale has promoters and detractors instead)
create or replace temp macro favourable(scale, reverse_scored, score) as
    flip(scale, reverse_scored, score) >= scale_rule(scale).favourable_from
