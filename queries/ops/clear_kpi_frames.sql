-- empties the stored KPI tables: run by every write in its own transaction, so no table computed
-- from earlier data stays in the file
delete from kpi_frame
