-- grain: one row (or none): the database instance, data version and code fingerprint
-- (dashboard.kpi.persist.code_key) gated_answer and gated_cell were filled from; none while
-- they are empty
create table if not exists gated_built (
    instance varchar not null,
    version bigint not null,
    code varchar not null
)
