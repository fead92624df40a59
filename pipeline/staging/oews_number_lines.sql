-- A row's line in its file is its position among the rows of that file (header = line 1): the CSV reader keeps
-- file order (preserve_insertion_order) and this runs right after the file's rows were inserted, before any row is
-- deleted, so line = rowid - the file's first rowid + 2. The rows of this file are the ones not numbered yet.
-- It runs in the load's transaction: there, rowids start at a large base, not 0, hence the subquery; and the
-- UPDATE touches rows still in transaction-local storage, which costs ~0.1 s instead of ~4 s on committed rows.
UPDATE staging.oews_values_next
SET source_line = rowid - (SELECT min(rowid) FROM staging.oews_values_next WHERE source_line IS NULL) + 2
WHERE source_line IS NULL
