-- removes one setting kept in the database (its default applies again)
delete from meta where key = $key
