-- grain: one row (or none): the database instance and data version gated_answer and gated_cell
-- were filled from on this connection
create or replace temp table gated_built (instance varchar, version bigint)
