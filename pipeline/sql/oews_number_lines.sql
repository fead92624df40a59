-- A row's line in its file is its position among the rows of that file (header = line 1): the CSV reader keeps
-- file order (preserve_insertion_order) and this runs before any row is deleted, so rowid - first rowid + 2.
UPDATE staging.oews_data_next SET source_line = rowid - $first_rowid + 2 WHERE rowid >= $first_rowid
