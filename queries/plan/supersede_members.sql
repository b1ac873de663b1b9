-- retires the chosen leaders' team members' current roster rows (they follow their leader)
update roster set superseded_by = $import_id
where superseded_by is null and role = 'member' and list_contains($leaders, leader_id) and import_id <> $import_id
