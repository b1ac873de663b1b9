-- macro pooled_unit(pool_scales): what a mean of pooled_score over a pool on these scales is in,
-- in words for captions, tables and the report: "score (1–5 scale)" for one scale, "% of scale range
-- (questions on 4-point and 5-point scales)" for more than one; NULL for an empty pool
create or replace temp macro pooled_unit(pool_scales) as
    case
        when len(list_distinct(pool_scales)) = 1
            then 'score (' || scale_rule(pool_scales[1]).low || '–' || scale_rule(pool_scales[1]).high || ' scale)'
        when len(list_distinct(pool_scales)) > 1
            then '% of scale range (questions on '
                 || array_to_string(list_transform(list_sort(list_distinct(pool_scales))[1:-2],
                                                   lambda s: scale_rule(s).label), ', ')
                 || ' and ' || scale_rule(list_sort(list_distinct(pool_scales))[-1]).label || ' scales)'
    end
