-- the id salt leaves the database file: it now lives in the key file beside it (moved there, and the data stored in
-- clear by earlier versions hashed or masked, by dashboard/store/upgrade.py just before this runs)
delete from meta where key = 'id_salt'
