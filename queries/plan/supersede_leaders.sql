-- retires the chosen leaders' current roster rows (a plan change gives them a cohort)
update roster set superseded_by = $import_id
where superseded_by is null and role = 'leader' and list_contains($leaders, person_id) and import_id <> $import_id
