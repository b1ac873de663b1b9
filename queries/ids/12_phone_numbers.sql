-- macro phone_numbers(x): the phone numbers inside a text: runs of digits with spaces, dots, hyphens or brackets that hold
-- at least 9 digits, or 7 after a leading + or 00 (dates such as 2026-03-14 hold 8 and stay)
create or replace temp macro phone_numbers(x) as
    list_filter(
        regexp_extract_all(x, '(?:\+|\b00)?\(?\p{Nd}[\p{Nd} ().-]{5,}\p{Nd}'),
        lambda p: length(regexp_replace(p, '[^\p{Nd}]', '', 'g')) >= 9
            or (regexp_matches(p, '^(\+|00)') and length(regexp_replace(p, '[^\p{Nd}]', '', 'g')) >= 7))
