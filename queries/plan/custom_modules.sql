-- grain: one row per custom module in the catalogue
select module_id, name, description, microlearning_minutes, practice_minutes
from module_catalogue where superseded_by is null order by module_id
