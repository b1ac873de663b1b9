-- macro name_key(x): a person's name used as an id, as "first last" in lower case ("Smith, Ann" and "Ann  Smith" are
-- "ann smith"): two to four words of letters (apostrophes, hyphens and full stops allowed), no digit, no underscore;
-- null for anything else (M0001, R_3kx9, L01, jsmith)
create or replace temp macro name_key(x) as
    list_transform([id_fold(x)], lambda folded_: case
        when regexp_full_match(folded_, '\p{L}[\p{L}''’.-]*(\s*,\s*|\s+)\p{L}[\p{L}''’.-]*(\s+\p{L}[\p{L}''’.-]*){0,2}')
            then lower(regexp_replace(regexp_replace(folded_, '^([^,]+?)\s*,\s*(.+)$', '\2 \1'), '\s+', ' ', 'g'))
    end)[1]
