-- replaces the mapping of one saved profile, keeping who saved it and when (an upgrade or an erasure edits it)
update import_profile set mapping = $mapping::json where name = $name
