-- Publish the new OEWS load: its quarantine records and its tables, or neither. load_oews runs this inside the
-- transaction that built the tables, then (re)creates the staging.oews_data view over them, and commits.
-- staging.oews_load records what the tables were built from (input sha256s, sizes, mtimes, code
-- version), so an unchanged re-run can skip the whole load (oews_fingerprint).
CREATE TABLE IF NOT EXISTS staging.quarantine (source VARCHAR, file VARCHAR, line BIGINT, field VARCHAR,
    rule VARCHAR, "value" VARCHAR, reason VARCHAR);

CREATE TABLE IF NOT EXISTS staging.oews_load (record VARCHAR);

DELETE FROM staging.quarantine WHERE source = 'bls_oews';

INSERT INTO staging.quarantine SELECT source, file, line, field, rule, "value", reason FROM oews_quarantine_rows;

DROP TABLE IF EXISTS staging.oews_values;

ALTER TABLE staging.oews_values_next RENAME TO oews_values;

DROP TABLE IF EXISTS staging.oews_files;

ALTER TABLE staging.oews_files_next RENAME TO oews_files;

DELETE FROM staging.oews_load;

INSERT INTO staging.oews_load VALUES ($record)
