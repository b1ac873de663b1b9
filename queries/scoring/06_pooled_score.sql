-- macro pooled_score(scale, score, pool_scales): an answer (already flipped) as it enters a
-- mean pooled over questions, where pool_scales lists the pool's answer scales: as given when
-- they are one scale (a mean of 5-point questions stays on the 1–5 scale), else on percent of
-- its scale's range, (score − low) ÷ (high − low) × 100, so that a 4-point, a 5-point, a
-- 7-point and a 0–10 answer weigh alike and the mean is on one scale. The one place the rule
-- lives: every pooled mean of answers goes through it (pooled_unit names its result).
create or replace temp macro pooled_score(scale, score, pool_scales) as
    case
        when len(list_distinct(pool_scales)) > 1
            then 100.0 * (score - scale_rule(scale).low) / (scale_rule(scale).high - scale_rule(scale).low)
        else score
    end
