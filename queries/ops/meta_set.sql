-- stores one setting kept in the database, replacing its earlier value
insert or replace into meta (key, value) values ($key, $value)
