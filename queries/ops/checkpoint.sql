-- writes the write-ahead log into the database file (a restored file is complete on its own)
checkpoint
