-- grain: one row per answer of an earlier version's answer table (pulse_answer_old), with its question
-- version: what code_question_versions numbers
create or replace temp view question_version_src as
select question_id, question_import_id from pulse_answer_old
