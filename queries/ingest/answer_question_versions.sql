-- grain: one row per answer the file gives (the staged answers that are not missing), with its question
-- version as read (none for a question the file defines: code_question_versions gives it this import's)
create or replace temp view question_version_src as
select question_id, question_import_id from staged_answer where score is not null
