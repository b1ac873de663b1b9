-- frees the cells kept from before the import
drop table if exists temp.privacy_cells_before
