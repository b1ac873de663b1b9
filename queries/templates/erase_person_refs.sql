-- blanks a table's references to one erased person (a member's leader) in every version of the rows
update {table} set {clear_person_refs} where {person_ref_match}
