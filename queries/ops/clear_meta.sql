-- empties the settings table before a restore brings back the backup's (salt included)
delete from meta
