-- masks the e-mail addresses and phone numbers inside a table's free text (comments, notes) stored by an earlier version
update {table} set {mask_free_text} where {free_text_has_contact}
