-- grain: one row per question version that stored answers were read with (question id and the
-- import of its catalogue entry, or of the pulse file that defined it): the small number they store
create table if not exists answer_question (
    question_no smallint not null,
    question_id varchar not null,
    question_import_id integer
)
