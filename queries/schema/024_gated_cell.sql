-- grain: one row per base cell of the pulse — leader × month × rater group (others, self) ×
-- question version — with n = its distinct eligible respondents, counted from gated_answer as of
-- the data version in gated_built (derived, like gated_answer: emptied by every write, refilled
-- once per data version, never backed up, read only through pulse_cells)
create table if not exists gated_cell (
    leader_id varchar,
    cohort varchar,
    arm varchar,
    period varchar,
    rater_group varchar,
    question_id varchar,
    question_import_id integer,
    scale varchar,
    scale_kind varchar,
    n bigint
)
