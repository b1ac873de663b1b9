-- grain: one row per current answer by an eligible respondent, scored (stg_pulse_answer), as of the
-- data version in gated_built: the gated cells' input, kept in the database so a fresh process
-- reads it instead of scoring every answer again. Derived data: emptied by every write in the
-- write's own transaction (ops/bump_data_version's companions), refilled once per data version
-- (dashboard.kpi.engine), never backed up; read only through the gate (pulse_cells,
-- visible_answers, hidden_cells)
create table if not exists gated_answer (
    leader_id varchar,
    cohort varchar,
    arm varchar,
    period varchar,
    rater_type varchar,
    rater_group varchar,
    respondent_id varchar,
    response_id varchar,
    anonymous boolean,
    question_id varchar,
    question_import_id integer,
    scale varchar,
    scale_kind varchar,
    score integer,
    favourable boolean,
    promoter boolean,
    detractor boolean,
    pool_scales varchar[],
    pooled_score double
)
