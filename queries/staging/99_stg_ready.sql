-- grain: one row: created last, so its presence says this connection has every staging view and macro
create or replace temp view stg_ready as select true as ready
