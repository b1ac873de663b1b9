-- grain: one row per question per import
create table if not exists questions (
    question_id varchar not null,
    text varchar not null,
    scale varchar not null,
    construct varchar,
    reverse_scored boolean not null default false,
    label_map json,
    extra json,
    import_id integer not null,
    source_row bigint,
    superseded_by integer
)
