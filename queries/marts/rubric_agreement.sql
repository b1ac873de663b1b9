-- grain: one row per cohort × module × dimension × assessor type: leaders rated and their mean
-- level (every assessment date pooled), to compare facilitator, peer and self ratings
select
    cohort,
    module_id,
    dimension,
    assessor_type,
    count(distinct leader_id) as n_leaders,
    avg(level) as mean_level
from stg_rubric
where cohort is not null
  and picked($cohorts, cohort)
  and picked($arms, arm)
  and picked($modules, module_id)
  and in_range(period, $period_from, $period_to)
group by cohort, module_id, dimension, assessor_type
order by cohort, module_id, dimension, assessor_type
