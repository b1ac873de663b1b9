-- macro flip(scale, reverse_scored, score): the answer with higher always better: a
-- reverse-scored question's answer turned round on its scale (low + high − score), any other
-- answer as given; NULL for no answer (and for a reverse-scored answer on an unknown scale)
create or replace temp macro flip(scale, reverse_scored, score) as
    case
        when reverse_scored then scale_rule(scale).low + scale_rule(scale).high - score
        else score
    end
