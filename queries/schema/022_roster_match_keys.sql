-- a roster row's match keys: salted hashes of the person's name, its words and e-mail address (from the roster's
-- name and email columns, which are never stored in clear), so a name or an address in another file finds the person
alter table roster add column if not exists match_keys varchar[]
