-- response numbers: one per stored response (every version), never reused; the compact answers'
-- link to the response they belong to
create sequence if not exists response_no_seq start 1
