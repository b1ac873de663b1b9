-- grain: one row: rows physically stored per table (current and replaced), for checks that nothing changed
select
    (select count(*) from roster) as roster,
    (select count(*) from schedule) as schedule,
    (select count(*) from questions) as questions,
    (select count(*) from pulse_response) as pulse_response,
    (select count(*) from pulse_answer) as pulse_answer,
    (select count(*) from rubric) as rubric,
    (select count(*) from activity) as activity,
    (select count(*) from outcomes) as outcomes,
    (select count(*) from import_log) as import_log,
    (select count(*) from import_profile) as import_profile
