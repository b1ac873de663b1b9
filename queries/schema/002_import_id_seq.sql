-- import ids: one increasing number per import, never reused
create sequence if not exists import_id_seq start 1
