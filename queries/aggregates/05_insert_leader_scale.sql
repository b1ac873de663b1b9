-- leader × period × scale kind (likert, nps, any) × rater (others, self, peer, direct_report) aggregates
insert into agg_pulse_leader_scale
select
    leader_id, period, kind, rater,
    count(*), sum(score),
    count(*) filter (where (scale = 'likert7' and score >= 6) or (scale <> 'likert7' and scale <> 'nps11' and score >= 4)),
    count(*) filter (where scale = 'nps11' and score >= 9),
    count(*) filter (where scale = 'nps11' and score <= 6),
    count(distinct respondent_id)
from agg_answer_facts,
    unnest([scale_kind, 'any']) as k(kind),
    unnest(case when rater_group = 'self' then ['self'] else ['others', rater_type] end) as r(rater)
group by leader_id, period, kind, rater
