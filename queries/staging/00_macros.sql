-- macros shared by the marts: picked(choices, value) is true when the filter list is empty or holds value
create or replace temp macro picked(choices, value) as
    len(choices) = 0 or list_contains(choices, value)
