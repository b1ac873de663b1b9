-- grain: pulse_response gains its number (the compact answers' link), for a database made before it
alter table pulse_response add column if not exists response_no bigint
