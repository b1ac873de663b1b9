-- makes the plan_setting rows that one import had replaced current again
update plan_setting set superseded_by = null where superseded_by = $import_id
