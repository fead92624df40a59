-- Whether an optional table (e.g. curated.rulings, added by a later feature) exists in the main database.
SELECT count(*) > 0
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = ? AND table_name = ?
