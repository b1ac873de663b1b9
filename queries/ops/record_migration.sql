-- records that one schema file has been applied
insert into schema_migrations (name) values ($name)
