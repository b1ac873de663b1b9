-- grain: gated_answer (one row per eligible scored answer) gains the scales of the pool its
-- answer enters (pooled means over mixed scales), for a database whose copy predates them
alter table gated_answer add column if not exists pool_scales varchar[]
