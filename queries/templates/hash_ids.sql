-- replaces a table's ids that are e-mail addresses or people's names (in any spelling) with their salted hashes: data stored in clear by an earlier version
update {table} set {hash_ids} where {ids_need_hash}
