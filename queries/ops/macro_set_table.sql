-- grain: one row per set of temp macros created on this connection (its name, e.g. 'ids'); temporary
-- like the macros, so a rollback that takes the macros away takes their row too
create temp table if not exists macro_set (name varchar primary key)
